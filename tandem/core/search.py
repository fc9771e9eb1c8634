"""Accent- and case-insensitive text search that behaves the same on SQLite and PostgreSQL.

`__icontains` is not enough for a Quebec program: SQLite's LIKE folds case for ASCII only, and so do
PostgreSQL's ILIKE and lower() on a cluster created with the C/POSIX ctype (our CI's). "émilie" would
miss "Émilie", and "cote" would never find "Côté". Both sides of a comparison are therefore folded with
one explicit table: `fold()` in Python for the words typed, `Folded()` in SQL for the stored text.

The table is deliberately explicit rather than "lower() plus Unicode decomposition": every character it
knows is folded the same way by Python and by each database, whatever the database's locale. Characters
outside the table (other scripts, Ø, Ł...) are left exactly as they are on both sides, so the two can
never disagree. Ligatures expand to two letters (œ → oe, æ → ae, ß → ss) so "coeur" finds "cœur" and
"laetitia" finds "Lætitia". Combining accents (text typed in decomposed form, "e" + U+0301) are dropped, so
a decomposed "é" folds like a precomposed one.
"""

from typing import Any

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.backends.signals import connection_created
from django.db.models import Func, TextField, Value
from django.db.models.functions import Replace
from django.db.models.sql.compiler import SQLCompiler

# Accented capitals and small letters of French, Spanish, Portuguese and German names, then A-Z, each to
# its plain small letter. Capitals are mapped here rather than by lower(), whose reach depends on the
# database's ctype (ASCII-only under C/POSIX, every script under a UTF-8 locale).
_ACCENTED = {
    "a": "ÀÂÄÁÃÅàâäáãå",
    "c": "Çç",
    "e": "ÉÈÊËéèêë",
    "i": "ÍÌÎÏíìîï",
    "n": "Ññ",
    "o": "ÓÒÔÖÕóòôöõ",
    "u": "ÚÙÛÜúùûü",
    "y": "ÝŸýÿ",
}
_ASCII_CAPITALS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# Combining grave, acute, circumflex, tilde, diaeresis, ring above and cedilla: dropped.
_COMBINING_ACCENTS = "\u0300\u0301\u0302\u0303\u0308\u030a\u0327"

FOLD_FROM = "".join(_ACCENTED.values()) + _ASCII_CAPITALS
FOLD_TO = "".join(plain * len(accented) for plain, accented in _ACCENTED.items()) + _ASCII_CAPITALS.lower()
# One letter to two cannot go through translate(): these are replaced one by one, after it.
LIGATURES = {"Œ": "oe", "œ": "oe", "Æ": "ae", "æ": "ae", "ß": "ss", "ẞ": "ss"}

_TABLE: dict[int, str | None] = {
    **{ord(source): target for source, target in zip(FOLD_FROM, FOLD_TO, strict=True)},
    **{ord(accent): None for accent in _COMBINING_ACCENTS},
    **{ord(ligature): letters for ligature, letters in LIGATURES.items()},
}

SQLITE_FUNCTION = "tandem_fold"


def fold(text: str | None) -> str | None:
    """`text` in small letters without the accents of the table; None stays None (as NULL does in SQL)."""
    if text is None:
        return None
    return text.translate(_TABLE)


class Folded(Func):
    """`fold()` of an expression, computed by the database: compare it with a `fold()`-ed word.

    PostgreSQL (and any backend with translate() and replace()):
    `replace(...replace(translate(expr, FOLD_FROM + accents, FOLD_TO), 'Œ', 'oe')...)`, which needs no
    locale. SQLite has no translate(): it calls `fold()` itself, registered on every connection by
    `register_sqlite_fold`. NULL stays NULL on both.
    """

    arity = 1
    output_field = TextField()

    def as_sql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        # translate() deletes the characters of its second argument that have no counterpart in the third:
        # the combining accents go last in it for that reason.
        folded: Func = Func(
            self.source_expressions[0],
            Value(FOLD_FROM + _COMBINING_ACCENTS),
            Value(FOLD_TO),
            function="translate",
            output_field=TextField(),
        )
        for ligature, letters in LIGATURES.items():
            folded = Replace(folded, Value(ligature), Value(letters))
        return compiler.compile(folded)

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra_context: Any
    ) -> tuple[str, list[Any]]:
        return super().as_sql(compiler, connection, function=SQLITE_FUNCTION, **extra_context)


def register_sqlite_fold(sender: type, connection: BaseDatabaseWrapper, **kwargs: Any) -> None:
    """Give each new SQLite connection the `tandem_fold()` that `Folded` calls (connection_created)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(SQLITE_FUNCTION, 1, fold, deterministic=True)


def connect_signals() -> None:
    """Register `tandem_fold()` on every SQLite connection from now on, and on any already open."""
    connection_created.connect(register_sqlite_fold, dispatch_uid="tandem.core.search.register_sqlite_fold")
    for connection in connections.all(initialized_only=True):
        if connection.connection is not None:
            register_sqlite_fold(type(connection), connection)
