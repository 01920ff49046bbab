"""Tenancy personas shared by the web tests (after Healthchecks' alice/bob/charlie).

- alice owns "Alice's Bakery"; bob is staff there;
- charlie owns "Charlie's Bikes" and must never reach Alice's data;
- ada advises in a program Alice's Bakery joined; max manages that program;
- root is a site admin.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client

from rung.web.accounts.models import User
from rung.web.businesses import actions
from rung.web.businesses.models import Business, Membership
from rung.web.programs.models import Enrollment, Program, ProgramMembership

PASSWORD = "correct horse battery 42"


@dataclass
class World:
    alice: User
    bob: User
    charlie: User
    ada: User
    max: User
    root: User
    bakery: Business
    bikes: Business
    program: Program

    def client(self, user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client


@pytest.fixture(autouse=True)
def data_dir(settings, tmp_path):
    settings.RUNG_DATA_DIR = tmp_path / "businesses"
    return settings.RUNG_DATA_DIR


def _user(name: str, **extra: object) -> User:
    return User.objects.create_user(name, email=f"{name}@example.com", password=PASSWORD, **extra)


@pytest.fixture
def world(db) -> World:
    alice, bob, charlie = _user("alice"), _user("bob"), _user("charlie")
    ada, max_, root = _user("ada"), _user("max"), _user("root", is_superuser=True)
    bakery = actions.create_business(alice, name="Alice's Bakery", country="NL", currency="EUR")
    Membership.objects.create(business=bakery, user=bob, role=Membership.Role.STAFF)
    bikes = actions.create_business(charlie, name="Charlie's Bikes", country="PT", currency="EUR")
    program = Program.objects.create(key="ai-step", name="AI Step")
    ProgramMembership.objects.create(program=program, user=ada, role=ProgramMembership.Role.ADVISOR)
    ProgramMembership.objects.create(program=program, user=max_, role=ProgramMembership.Role.MANAGER)
    Enrollment.objects.create(program=program, business=bakery)
    return World(alice, bob, charlie, ada, max_, root, bakery, bikes, program)
