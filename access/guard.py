"""The role check on every workspace write, and the audit name it records.

Business rule: a page that a role may not use is hidden (access.gate), but hiding is not the
control: the workspace function itself refuses. `@requires("reviewer")` on a workspace entry
point raises AccessDenied before the change starts when the current principal lacks the role,
and, when the function records who did it (a `by` argument), replaces `by` with the signed-in
user's e-mail/subject, so a typed name cannot stand in for the person. With nobody signed in
(CLI, local mode) `by` stays as given (`--by`), else the OS user.

Worked example::

    @requires("uploader")
    def delete_upload(store, upload_id): ...

    with acting_as(viewer):
        delete_upload(store, 3)        # AccessDenied: viewer@example.com may not load or delete ...
    with acting_as(reviewer):
        add_rule(store, ..., by="someone else")   # recorded by reviewer@example.com
"""

from __future__ import annotations

import functools
import inspect
from typing import Any, Callable, TypeVar

from access.principal import current_actor, require

F = TypeVar("F", bound=Callable[..., Any])


def requires(role: str, what: str | None = None) -> Callable[[F], F]:
    def wrap(fn: F) -> F:
        records_who = "by" in inspect.signature(fn).parameters

        @functools.wraps(fn)
        def guarded(*args: Any, **kwargs: Any) -> Any:
            require(role, what)
            if records_who:
                kwargs["by"] = current_actor(kwargs.get("by"))
            return fn(*args, **kwargs)

        guarded.required_role = role  # type: ignore[attr-defined]
        return guarded  # type: ignore[return-value]

    return wrap
