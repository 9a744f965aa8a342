"""AtomicJSONStorage: a drop-in for TinyDB's JSONStorage that is crash-safe."""

from __future__ import annotations

import json
import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from tinydb import Query, TinyDB, where
from tinydb.storages import JSONStorage
from tinydb.table import Document

from rebound_tui.store import AtomicJSONStorage, CorruptFileError
from rebound_tui.store import storage as storage_module


def _exercise(db: TinyDB) -> list[object]:
    """Every kind of TinyDB operation; returns what each one answered."""
    out: list[object] = []
    fruit = db.table("fruit")
    out.append(db.insert({"name": "default-table", "n": 0}))
    out.append(fruit.insert({"name": "apple", "n": 1}))
    out.append(fruit.insert_multiple([{"name": "pear", "n": 2}, {"name": "plum", "n": 3}]))
    out.append(fruit.insert(Document({"name": "fig", "n": 9}, doc_id=40)))
    out.append(fruit.update({"n": 10}, Query().name == "apple"))
    out.append(fruit.update({"ripe": True}, doc_ids=[2]))
    out.append(fruit.upsert({"name": "kiwi", "n": 5}, Query().name == "kiwi"))
    out.append(fruit.upsert({"name": "kiwi", "n": 6}, Query().name == "kiwi"))
    out.append(fruit.update_multiple([({"n": 11}, where("name") == "pear")]))
    out.append(fruit.remove(where("name") == "plum"))
    out.append(sorted(d["name"] for d in fruit.search(where("n") > 4)))
    out.append(fruit.get(where("name") == "apple"))
    out.append(fruit.get(doc_id=40))
    out.append(fruit.contains(where("name") == "pear"))
    out.append(fruit.count(where("n") > 0))
    out.append(len(fruit))
    out.append(sorted(db.tables()))
    db.table("scratch").insert({"x": 1})
    db.drop_table("scratch")
    out.append(sorted(db.tables()))
    db.table("emptied").insert({"x": 1})
    db.table("emptied").truncate()
    out.append(db.table("emptied").all())
    out.append(fruit.all())
    out.append(fruit.insert({"name": "after-remove"}))
    return out


def test_behaves_like_tinydbs_json_storage(tmp_path: Path) -> None:
    with TinyDB(tmp_path / "theirs.json", storage=JSONStorage) as theirs:
        expected = _exercise(theirs)
    with TinyDB(tmp_path / "ours.json", storage=AtomicJSONStorage) as ours:
        got = _exercise(ours)
    assert got == expected
    assert json.loads((tmp_path / "ours.json").read_text()) == json.loads(
        (tmp_path / "theirs.json").read_text()
    )
    # And a fresh instance reads back what the other one wrote.
    with (
        TinyDB(tmp_path / "ours.json", storage=AtomicJSONStorage) as again,
        TinyDB(tmp_path / "theirs.json", storage=JSONStorage) as theirs_again,
    ):
        assert again.table("fruit").all() == theirs_again.table("fruit").all()
        assert len(again.table("fruit")) == 5  # apple, pear, fig, kiwi, after-remove


def test_json_keyword_arguments_pass_through(tmp_path: Path) -> None:
    with TinyDB(tmp_path / "db.json", storage=AtomicJSONStorage, indent=2) as db:
        db.insert({"a": 1})
    assert "\n  " in (tmp_path / "db.json").read_text()


def test_writes_are_what_the_standard_library_reads_and_keep_what_only_it_writes(
    tmp_path: Path,
) -> None:
    # By orjson: compact, UTF-8, and read back the same by the standard library.
    with TinyDB(tmp_path / "db.json", storage=AtomicJSONStorage) as db:
        db.insert({"word": "café ☕", "n": 2**63 - 1, "x": 0.1})
    raw = (tmp_path / "db.json").read_bytes()
    word = "café ☕".encode()
    assert raw == b'{"_default":{"1":{"word":"' + word + b'","n":9223372036854775807,"x":0.1}}}'

    assert json.loads(raw) == {"_default": {"1": {"word": "café ☕", "n": 2**63 - 1, "x": 0.1}}}
    # What orjson cannot write is written as before.
    with TinyDB(tmp_path / "big.json", storage=AtomicJSONStorage) as db:
        db.insert({"n": 2**70, "s": "lone \udc80"})
    assert json.loads((tmp_path / "big.json").read_text()) == {
        "_default": {"1": {"n": 2**70, "s": "lone \udc80"}}
    }
    # A file only the standard library reads (a NaN someone wrote) keeps its NaN when
    # another document is written beside it: orjson would have written null.
    (tmp_path / "nan.json").write_text('{"_default": {"1": {"x": NaN, "y": Infinity}}}')
    with TinyDB(tmp_path / "nan.json", storage=AtomicJSONStorage) as db:
        db.insert({"z": 1})
    kept = (tmp_path / "nan.json").read_text()
    assert "NaN" in kept and "Infinity" in kept and "null" not in kept


def test_read_only_mode_reads_and_refuses_writes(tmp_path: Path) -> None:
    with TinyDB(tmp_path / "db.json", storage=AtomicJSONStorage) as db:
        db.insert({"a": 1})
    with TinyDB(tmp_path / "db.json", storage=AtomicJSONStorage, access_mode="r") as db:
        assert db.all() == [{"a": 1}]
        with pytest.raises(OSError, match="Access mode"):
            db.insert({"a": 2})
    with pytest.raises(FileNotFoundError):
        TinyDB(tmp_path / "missing.json", storage=AtomicJSONStorage, access_mode="r")


def test_creates_private_directory_and_files(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "er" / "db.json"
    with TinyDB(path, storage=AtomicJSONStorage, create_dirs=True) as db:
        db.insert({"secret": "mine"})
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_write_replaces_the_file_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        db.insert({"n": 1})
        inode_before = path.stat().st_ino
        db.insert({"n": 2})
        assert path.stat().st_ino != inode_before, "written in place, not replaced"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["db.json"]


def test_removes_stale_temp_files_of_dead_writers_only(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead_pid = int(dead.stdout)
    stale = tmp_path / f".db.json.tmp-{dead_pid}-abcd"
    stale.write_text('{"half": ')
    live = tmp_path / f".db.json.tmp-{os.getppid()}-ef01"  # our parent is alive
    live.write_text("{}")
    unrelated = tmp_path / "notes.txt"
    unrelated.write_text("keep me")
    AtomicJSONStorage(path).close()
    assert not stale.exists()
    assert live.exists()
    assert unrelated.exists()


def test_parses_only_when_the_file_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "db.json"
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        db.insert({"n": 1})
    storage = AtomicJSONStorage(path)
    calls = []
    real_loads = storage_module._loads  # every parse of a data file goes through it
    monkeypatch.setattr(
        storage_module, "_loads", lambda *a, **k: calls.append(1) or real_loads(*a, **k)
    )
    first = storage.read()
    storage.read()
    storage.read()
    assert len(calls) == 1
    storage.write({"_default": {"1": {"n": 2}}})
    assert storage.read() == {"_default": {"1": {"n": 2}}}
    assert len(calls) == 1, "our own write must not force a re-parse"
    # Another writer replaces the file: the next read sees it.
    other = AtomicJSONStorage(path)
    other.write({"_default": {"1": {"n": 3}}})
    assert storage.read() == {"_default": {"1": {"n": 3}}}
    assert len(calls) == 2
    assert first == {"_default": {"1": {"n": 1}}}
    storage.close()
    other.close()


def test_two_instances_never_lose_each_others_documents(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    a = TinyDB(path, storage=AtomicJSONStorage)
    b = TinyDB(path, storage=AtomicJSONStorage)
    a.insert(Document({"who": "a"}, doc_id=1))
    b.insert(Document({"who": "b"}, doc_id=2))
    a.insert(Document({"who": "a2"}, doc_id=3))
    assert sorted(d["who"] for d in b.all()) == ["a", "a2", "b"]
    a.close()
    b.close()


@pytest.mark.parametrize(
    "content",
    [b'{"_default": {"1": {"n": 1}', b"not json at all", b"[1, 2, 3]", b'{"t": [1]}', b"\xff\xfe"],
)
def test_damaged_file_raises_and_is_left_untouched(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(content)
    storage = AtomicJSONStorage(path)
    with pytest.raises(CorruptFileError) as caught:
        storage.read()
    assert caught.value.path == path
    assert path.read_bytes() == content
    storage.close()


def test_empty_file_is_damaged_and_new_files_are_never_empty(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    path.write_bytes(b"")
    storage = AtomicJSONStorage(path)
    with pytest.raises(CorruptFileError, match="empty"):
        storage.read()
    assert path.read_bytes() == b""
    storage.close()
    fresh = tmp_path / "new.json"
    with TinyDB(fresh, storage=AtomicJSONStorage) as db:
        assert fresh.read_bytes() == b"{}"
        assert db.all() == []
