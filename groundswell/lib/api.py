"""Pieces every app's API router shares: error shapes, safe text, paging."""

from __future__ import annotations

from typing import Annotated, Any, ClassVar, TypeVar

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import Model, QuerySet
from ninja import Schema
from pydantic import AfterValidator, ConfigDict, Field, StringConstraints, model_validator

# The largest offset a list accepts; far beyond any real list, well inside every database's
# integer range, so a huge number is refused with 422 instead of overflowing in SQL.
MAX_OFFSET = 1_000_000_000
# Ids are 64-bit (BigAutoField).
MAX_ID = 2**63 - 1
MAX_LIMIT = 500
DEFAULT_LIMIT = 50

M = TypeVar("M", bound=Model)


Id = Annotated[int, Field(ge=1, le=MAX_ID)]


class ErrorOut(Schema):
    """Every error the API answers with."""

    detail: str


class FieldError(Schema):
    loc: list[str | int] = Field(description="Where the bad value is, for example `['body', 'payload', 'email']`.")
    msg: str
    type: str


class ValidationErrorOut(Schema):
    """Answer to input that does not match the schema (status 422)."""

    detail: str
    errors: list[FieldError]


def errors(*codes: int) -> dict[int, type[Schema]]:
    """Return the error responses an operation declares; 401 always, 422 where asked.

    django-ninja does not document its own 422 answers, so operations that read input
    declare them here, and schema-driven clients know every status they may get.
    """
    return {code: ValidationErrorOut if code == 422 else ErrorOut for code in sorted({401, *codes})}


def _storable(value: str) -> str:
    # PostgreSQL refuses NUL characters and lone surrogates cannot be encoded as UTF-8:
    # refuse both here, as bad input, before they reach the database.
    if "\x00" in value:
        raise ValueError("must not contain NUL characters")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ValueError("must be valid Unicode text") from None
    return value


# Text that the database can store. Put it after any StringConstraints in an Annotated type:
# constraints placed after a validator are checked before whitespace is stripped.
Storable = AfterValidator(_storable)
Text = Annotated[str, Storable]


def _email(value: str) -> str:
    value = value.strip().lower()
    try:
        validate_email(value)
    except DjangoValidationError:
        raise ValueError("must be an email address") from None
    return value


Email = Annotated[str, StringConstraints(max_length=254), Storable, AfterValidator(_email)]


class InputSchema(Schema):
    """A request body: unknown fields are refused so typing mistakes are not silently ignored."""

    model_config = ConfigDict(extra="forbid")


class PatchSchema(InputSchema):
    """A partial update: only the fields sent are changed; null only where a field allows it."""

    nullable: ClassVar[frozenset[str]] = frozenset()

    @model_validator(mode="after")
    def _refuse_nulls(self) -> Any:
        for name in sorted(self.model_fields_set - self.nullable):
            if getattr(self, name) is None:
                raise ValueError(f"{name} may not be null")
        return self


class Paging(Schema):
    """``?limit=`` and ``?offset=``, shared by every list."""

    limit: int = Field(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"At most {MAX_LIMIT}.")
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


def page(qs: QuerySet[M], paging: Paging) -> tuple[list[M], int]:
    """Return one page of the query and the total count (two queries)."""
    count = qs.count()
    return list(qs[paging.offset : paging.offset + paging.limit]), count
