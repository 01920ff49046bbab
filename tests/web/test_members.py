"""Owners give people roles and join programs; nobody else may."""

from __future__ import annotations

from rung.web.businesses.models import Membership
from rung.web.programs.models import Program


def _people(world, user, **data):
    return world.client(user).post(f"/b/{world.bakery.key}/people/", data, follow=True)


def test_owner_adds_staff_by_email_and_they_get_access(world):
    assert world.client(world.charlie).get(f"/b/{world.bakery.key}/").status_code == 404
    page = _people(world, world.alice, do="add", person="CHARLIE@example.com", role="staff").content.decode()
    assert "charlie can now work with this business" in page
    assert Membership.objects.get(business=world.bakery, user=world.charlie).role == "staff"
    assert world.client(world.charlie).get(f"/b/{world.bakery.key}/").status_code == 200


def test_unknown_person_is_explained(world):
    page = _people(world, world.alice, do="add", person="nobody@example.com", role="staff").content.decode()
    assert "Nobody with this username or e-mail address" in page


def test_staff_and_advisors_cannot_change_people(world):
    for user in (world.bob, world.ada):
        response = world.client(user).post(
            f"/b/{world.bakery.key}/people/", {"do": "add", "person": "charlie", "role": "owner"}
        )
        assert response.status_code == 403
    assert not Membership.objects.filter(business=world.bakery, user=world.charlie).exists()
    page = world.client(world.ada).get(f"/b/{world.bakery.key}/people/").content.decode()
    assert 'name="do"' not in page and "alice" in page


def test_the_last_owner_cannot_leave_or_be_demoted(world):
    alice = Membership.objects.get(business=world.bakery, user=world.alice)
    page = _people(world, world.alice, do="remove", membership=alice.pk).content.decode()
    assert "needs at least one owner" in page
    page = _people(world, world.alice, do="add", person="alice", role="staff").content.decode()
    assert "needs at least one owner" in page
    alice.refresh_from_db()
    assert alice.role == "owner"
    _people(world, world.alice, do="add", person="bob", role="owner")
    _people(world, world.alice, do="remove", membership=alice.pk)
    assert not Membership.objects.filter(pk=alice.pk).exists()


def test_owner_joins_and_leaves_a_program_by_its_code(world):
    other = Program.objects.create(key="green-shops", name="Green Shops")
    advisor = type(world.alice).objects.create_user("gus", password="x")
    other.memberships.create(user=advisor, role="advisor")
    assert world.client(advisor).get(f"/b/{world.bakery.key}/").status_code == 404

    page = _people(world, world.alice, do="join", program="green-shops").content.decode()
    assert "You joined Green Shops" in page
    assert world.client(advisor).get(f"/b/{world.bakery.key}/").status_code == 200

    enrollment = world.bakery.enrollments.get(program=other)
    _people(world, world.alice, do="leave", enrollment=enrollment.pk)
    assert world.client(advisor).get(f"/b/{world.bakery.key}/").status_code == 404


def test_wrong_program_code_is_explained(world):
    page = _people(world, world.alice, do="join", program="no-such-program").content.decode()
    assert "No program has this code" in page


def test_ids_of_another_business_do_nothing(world):
    """A membership id from Charlie's business posted to Alice's page removes nothing."""
    charlie = Membership.objects.get(business=world.bikes, user=world.charlie)
    _people(world, world.alice, do="remove", membership=charlie.pk)
    assert Membership.objects.filter(pk=charlie.pk).exists()
