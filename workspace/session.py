"""One change, one transaction: a Store-shaped view of a single write transaction.

Business rule: every change a person makes (a file loaded, a rule added, a rate typed) and the
reclassification it needs are committed together or not at all. A kill -9 at any moment leaves
the database as it was before the change, or with the change complete and classified; never a
loaded upload that no page shows.

`Session` holds the store's write lock and one cursor for the whole change. It offers the
methods of `db.Store` that writers use (`transaction`, `write_session`, `rows`, `scalar`,
`setting`...), so the ingest and model writers, written against a Store, run unchanged inside it:

* `transaction()` opens the ONE transaction on first use (BEGIN) and later calls join it; nothing
  commits until the session ends;
* `write_session()` yields the same cursor (scratch TEMP tables made before the first
  `transaction()` happen outside the transaction, so a failed scratch step cannot abort it);
* reads run on the same cursor, so they see the change made so far.

When the block ends the session runs the reclassification the change asked for
(`reclassify(upload_ids)` / `reclassify()`), bumps `meta.data_version` and COMMITs; an exception
anywhere rolls everything back.

Worked example::

    with Session(store) as s:
        result = ingest.load_file(s, "card.csv", data)   # BEGIN ... inserts (not committed)
        s.reclassify([result.upload_id])                 # classification, same transaction
    # COMMIT here: lines and their classification appear together
"""

from __future__ import annotations

import contextlib
from typing import Any, Iterable, Iterator, Sequence

from db import Store
from ingest.held import drop_held_lines
from models import classification


class Session:
    """A Store-shaped view of one write transaction (see the module docstring)."""

    def __init__(self, store: Store):
        self.store = store
        self.path = store.path
        self._stack = contextlib.ExitStack()
        self._cur = None
        self._begun = False
        self._scope: set[int] | None = set()  # None = every upload
        self._rebuild = False
        self._rules: set[int] = set()          # only these rules' lines (with _scope None)
        self._vendor_keys: set[str] = set()    # only these merged vendors' lines
        self._touch_only = False
        self._held: dict[int, str] = {}        # upload -> its loaded lines, not yet written

    # ---- the block ---------------------------------------------------------------------------
    def __enter__(self) -> "Session":
        self._cur = self._stack.enter_context(self.store.write_session())
        return self

    def __exit__(self, kind, exc, tb) -> bool:
        try:
            if kind is None:
                self._commit()
            elif self._begun:
                with contextlib.suppress(Exception):
                    self._cur.execute("ROLLBACK")
        finally:
            self._stack.close()
        return False

    def _begin(self) -> None:
        if not self._begun:
            self._cur.execute("BEGIN TRANSACTION")
            self._begun = True

    def _commit(self) -> None:
        if not self._begun and not self._rebuild:
            return  # nothing written (a duplicate file, a no-op)
        self._begin()
        try:
            classify_held = self._rebuild and not self._touch_only
            held_now = {u: v for u, v in self._held.items()
                        if classify_held and (self._scope is None or u in self._scope)}
            for upload_id, view in self._held.items():
                if upload_id not in held_now:  # not classified in this change: as they are
                    self._cur.execute(f"INSERT INTO ledger_lines BY NAME SELECT * FROM {view}")
            if self._rebuild and self._touch_only:
                classification.rebuild(self._cur, None, rule_ids=self._rules,
                                       vendor_keys=self._vendor_keys)
            elif self._rebuild:
                classification.rebuild(self._cur, None if self._scope is None else sorted(self._scope),
                                       held_lines=sorted(held_now.values()))
            for upload_id in list(self._held):
                self.release_lines(self._cur, upload_id)
            self._cur.execute("UPDATE meta SET data_version = data_version + 1")
            self._cur.execute("COMMIT")
        except BaseException:
            with contextlib.suppress(Exception):
                self._cur.execute("ROLLBACK")
            raise

    # ---- what the change needs -----------------------------------------------------------------
    def reclassify(self, upload_ids: Iterable[int] | None = None, *, rules: Iterable[int] = (),
                   vendor_keys: Iterable[str] = ()) -> None:
        """Rebuild classified_lines before the commit: only these uploads (a load, a delete);
        only the lines these rules or merged vendor keys can touch (`rules=`/`vendor_keys=`: a
        rule added or undone, a merge); or every upload (None: a department, rate or settings
        change). Two kinds of change in one block rebuild every upload."""
        rules, vendor_keys = [int(r) for r in rules], [str(k) for k in vendor_keys]
        first = not self._rebuild
        self._rebuild = True
        if rules or vendor_keys:
            if first or self._touch_only:
                self._touch_only, self._scope = True, None
                self._rules.update(rules)
                self._vendor_keys.update(vendor_keys)
            else:
                self._touch_only, self._scope = False, None
            return
        self._touch_only = False
        if upload_ids is None:
            self._scope = None
        elif self._scope is not None:
            self._scope.update(int(u) for u in upload_ids)

    # ---- lines a load holds for the classification (ingest.load_file) ------------------------
    def hold_lines(self, upload_id: int, view: str) -> None:
        """A load's lines, kept as TEMP `view` (ingest.held) until the commit: there
        the reclassification writes them to ledger_lines once, classified (or, when this change
        does not classify that upload, they are written as they are)."""
        self._held[int(upload_id)] = view

    def lines_of(self, upload_id: int) -> str:
        """Where an upload's lines are now: its held view (ingest.held), else ledger_lines."""
        return self._held.get(int(upload_id), "ledger_lines")

    def release_lines(self, cur, upload_id: int) -> None:
        """Forget (and drop) an upload's held lines: it was replaced or deleted in this change."""
        if self._held.pop(int(upload_id), None) is not None:
            drop_held_lines(cur, upload_id)

    @property
    def cursor_in_transaction(self):
        """The transaction's cursor (BEGIN issued): for writers that take a cursor."""
        self._settle()
        self._begin()
        return self._cur

    # ---- the Store surface writers use ---------------------------------------------------------
    def _settle(self) -> None:
        """Finish a result a writer left half-read (fetchone): the cursor lives for the whole
        change, and DuckDB refuses register() etc. while a result is open."""
        with contextlib.suppress(Exception):
            self._cur.fetchall()

    @contextlib.contextmanager
    def transaction(self, cur=None) -> Iterator[Any]:
        self._settle()
        self._begin()
        yield self._cur
        self._settle()

    @contextlib.contextmanager
    def write_session(self) -> Iterator[Any]:
        self._settle()
        yield self._cur
        self._settle()

    @contextlib.contextmanager
    def cursor(self) -> Iterator[Any]:
        self._settle()
        yield self._cur
        self._settle()

    def arrow(self, sql: str, params: Sequence[Any] | dict | None = None):
        return self._cur.sql(sql, params=params or None).to_arrow_table()

    def df(self, sql: str, params: Sequence[Any] | dict | None = None):
        return self.arrow(sql, params).to_pandas()

    def rows(self, sql: str, params: Sequence[Any] | dict | None = None) -> list[tuple]:
        return self._cur.execute(sql, params or []).fetchall()

    def scalar(self, sql: str, params: Sequence[Any] | dict | None = None) -> Any:
        rows = self._cur.execute(sql, params or []).fetchall()  # fetched to the end (see _settle)
        return rows[0][0] if rows else None

    def execute(self, sql: str, params: Sequence[Any] | dict | None = None) -> None:
        self._begin()
        self._cur.execute(sql, params or [])

    def setting(self, key: str, default: str | None = None) -> str | None:
        value = self.scalar("SELECT value FROM settings WHERE key = ?", [key])
        return default if value is None else value

    def set_setting(self, key: str, value: str) -> None:
        self.execute("INSERT OR REPLACE INTO settings (key, value) VALUES (?, ?)", [key, str(value)])

    def version(self) -> int:
        return int(self.scalar("SELECT data_version FROM meta"))
