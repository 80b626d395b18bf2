from __future__ import annotations

import re

import pytest

from lexnlp_cyber.errors import Errors, InputError, LexnlpCyberError, code_of


def _codes() -> list[str]:
    return [name for name in vars(Errors) if re.fullmatch(r"[EW]\d{3}", name)]


@pytest.mark.parametrize("code", _codes())
def test_every_message_starts_with_its_code(code: str) -> None:
    assert getattr(Errors, code).startswith(f"[{code}] ")


def test_codes_are_read_back_from_errors() -> None:
    err = InputError(Errors.E012.format(path="x.pdf"))
    assert isinstance(err, LexnlpCyberError) and err.code == "E012"
    assert "password=" in str(err)
    assert code_of(str(err)) == "E012"
    assert code_of("no code here") == "E499"
