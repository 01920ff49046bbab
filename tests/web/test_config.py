"""Settings from the environment: bad values stop Rung with a message naming the variable."""

from __future__ import annotations

import stat

import pytest
from django.core.exceptions import ImproperlyConfigured

from rung.web import config


@pytest.mark.parametrize(("helper", "raw"), [(config.env_bool, "maybe"), (config.env_int, "eight")])
def test_bad_values_name_the_variable(monkeypatch, helper, raw):
    monkeypatch.setenv("RUNG_SOMETHING", raw)
    with pytest.raises(ImproperlyConfigured, match="RUNG_SOMETHING"):
        helper("RUNG_SOMETHING", 1)


def test_values_and_defaults(monkeypatch):
    monkeypatch.setenv("RUNG_FLAG", "yes")
    monkeypatch.setenv("RUNG_HOSTS", "a.example, b.example,")
    assert config.env_bool("RUNG_FLAG", False) is True
    assert config.env_list("RUNG_HOSTS", []) == ["a.example", "b.example"]
    assert config.env_int("RUNG_UNSET_NUMBER", 7) == 7


def test_generated_secret_key_is_private_and_stable(tmp_path, monkeypatch):
    monkeypatch.delenv("RUNG_SECRET_KEY", raising=False)
    monkeypatch.setenv("RUNG_HOME", str(tmp_path / "home"))
    home = config.home_dir()
    key = config.secret_key(home)
    assert len(key) >= 50 and config.secret_key(home) == key
    assert stat.S_IMODE((home / "secret_key").stat().st_mode) == 0o600
    assert stat.S_IMODE(home.stat().st_mode) == 0o700


def test_short_secret_key_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("RUNG_SECRET_KEY", "short")
    with pytest.raises(ImproperlyConfigured, match="at least 32"):
        config.secret_key(tmp_path)
