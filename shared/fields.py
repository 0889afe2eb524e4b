"""The field types every service's input structs share, so one concept has one bound everywhere."""

from __future__ import annotations

from typing import Annotated

import msgspec
from litestar.params import QueryParameter

# A line of free text: a concern, a measure, an instruction, a note.
Text = Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
# The same, where it may be left empty.
Note = Annotated[str, msgspec.Meta(max_length=2000)]
# A petition's or a letter's whole content.
Content = Annotated[str, msgspec.Meta(min_length=1, max_length=20000)]
# A person's name as written on a form (encrypted at rest where it is a petitioner's).
Name = Annotated[str, msgspec.Meta(min_length=1, max_length=40)]
# A township's or village's code name, as in tokens and subjects.
SLUG_PATTERN = r"^[a-z][a-z0-9_-]{0,39}$"
Slug = Annotated[str, msgspec.Meta(pattern=SLUG_PATTERN)]
# The same as a query parameter. Litestar drops a msgspec Meta nested inside a parameter's Annotated
# (`FromQuery[Slug | None]` took any text, checked on Litestar 2.x): the pattern must sit on the parameter itself.
SlugQuery = Annotated[str | None, QueryParameter(pattern=SLUG_PATTERN)]
# How many people a matter concerns (集体访 counts from five).
PeopleCount = Annotated[int, msgspec.Meta(ge=1, le=100000)]
