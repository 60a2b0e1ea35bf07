"""The `newsbot` command: run the bot, add and list articles, summaries, quotations, the database.

Output formats are contracts (benchmarks and scripts parse them). Bad input is one line on
stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from bot import limits
from bot.config import ConfigError, Settings
from bot.engine.summary.methods import DEFAULT_METHOD, METHODS, SummaryError
from bot.errors import UserFacingError

if TYPE_CHECKING:
    from bot.service import NewsService

# The service, the store and the engines are imported by the commands that use them, so that
# `newsbot --help` loads none of them and `newsbot list` no engine (see benchmarks/startup.py).

log = logging.getLogger(__name__)
EXIT_BAD_INPUT = 2
_JSONL_PARALLEL_MIN = 64


class CliError(Exception):
    """Printed as one line on stderr; the command exits with code 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line and exit code 2 like every other bad input."""

    def error(self, message: str) -> NoReturn:
        self.exit(EXIT_BAD_INPUT, f"newsbot: {message} (see 'newsbot {self._sub()} --help')\n")

    def _sub(self) -> str:
        parts = self.prog.split()
        return " ".join(parts[1:]) if len(parts) > 1 else ""


def _default_guild() -> int:
    raw = os.environ.get("NEWSBOT_DEV_GUILD", "").strip()
    return int(raw) if raw.isdigit() else 0


# --- reading input ---------------------------------------------------------------------------


def read_source(path: str) -> tuple[str | None, str]:
    """(title or None, text) from a file path or '-' (stdin); HTML goes through the extractor."""
    if path == "-":
        data = sys.stdin.buffer.read(limits.MAX_FILE_BYTES + 1)
        name, suffix = "standard input", ".txt"
    else:
        file = Path(path)
        if not file.is_file():
            raise CliError(f"{path}: no such file")
        suffix = file.suffix.lower()
        if suffix not in limits.ARTICLE_FILE_TYPES:
            types = ", ".join(limits.ARTICLE_FILE_TYPES)
            raise CliError(f"{path}: unsupported file type {suffix or '(none)'}; use {types}")
        if file.stat().st_size > limits.MAX_FILE_BYTES:
            raise CliError(f"{path}: larger than {limits.MAX_FILE_BYTES:,} bytes")
        data = file.read_bytes()
        name = path
    if len(data) > limits.MAX_FILE_BYTES:
        raise CliError(f"{name}: larger than {limits.MAX_FILE_BYTES:,} bytes")
    from bot.service import decode_text

    try:
        text = decode_text(data, name)
    except UserFacingError as exc:
        raise CliError(str(exc)) from None
    if suffix in (".html", ".htm"):
        from bot.ingest.extract import extract_article

        try:
            page = extract_article(text, None)
        except UserFacingError as exc:
            raise CliError(f"{name}: {exc}") from None
        except ValueError as exc:
            raise CliError(f"{name}: {exc}") from None
        return page.title, page.text
    return None, text


def _records(path: str) -> Iterator[tuple[int, dict[str, Any] | None, str | None]]:
    """(line number, record or None, error or None) for each non-empty line of a JSONL file."""
    stream = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    with stream:
        for number, line in enumerate(stream, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError:
                yield number, None, "not valid JSON"
                continue
            if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                yield number, None, "needs an object with a string 'text'"
                continue
            yield number, record, None


def _map(fn: Callable[..., Any], items: Sequence[Any]) -> Iterator[Any]:
    """`map` over a process pool when there is enough work to repay starting one."""
    if len(items) < _JSONL_PARALLEL_MIN:
        yield from map(fn, items)
        return
    from bot.workers import make_executor

    with make_executor() as pool:
        yield from pool.map(fn, items, chunksize=8)


def _summary_record(job: tuple[Any, str, str, str, int]) -> dict[str, Any]:
    from bot.engine.text.language import detect
    from bot.engine.text.sentences import clean
    from bot.service import summarize

    record_id, title, raw_text, method, count = job
    text = clean(raw_text)

    result = summarize(text, title=title, method=method, sentences=count, lang=detect(text))
    return {"id": record_id, "summary_sentences": list(result.sentences)}


def _quote_record(job: tuple[Any, str]) -> dict[str, Any]:
    from bot.engine.quotes.extract import extract

    record_id, raw_text = job
    return {"id": record_id, "quotes": [_quote_json(q) for q in extract(raw_text)]}


def _quote_json(q) -> dict[str, Any]:
    return {"quote": q.quote, "speaker": q.speaker, "cue": q.cue, "start": q.start, "end": q.end}


def _run_jsonl(path: str, make_job: Callable[[dict[str, Any]], Any], fn: Callable) -> int:
    jobs, failures = [], 0
    try:
        for number, record, error in _records(path):
            if error:
                print(f"newsbot: {path}:{number}: {error}", file=sys.stderr)
                failures += 1
            else:
                jobs.append(make_job(record))
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{path}: cannot read ({exc.__class__.__name__})") from None
    out = sys.stdout
    for result in _map(fn, jobs):
        out.write(json.dumps(result, ensure_ascii=False) + "\n")
    out.flush()
    return EXIT_BAD_INPUT if failures else 0


# --- commands --------------------------------------------------------------------------------


def cmd_run(args: argparse.Namespace) -> int:
    settings = Settings.load()
    settings.require_token()  # a ConfigError here is the one paragraph main() prints
    from bot.client import run_bot

    run_bot(settings)
    return 0


async def _with_service(fn: Callable[[NewsService], Any]) -> Any:
    from bot.service import NewsService
    from bot.store import open_store

    store = await open_store(Settings.load().database)
    service = NewsService(store)  # its own guarded fetcher, made if a command fetches
    try:
        return await fn(service)
    finally:
        await service.close()
        await store.close()


def _is_url(arg: str) -> bool:
    return arg.lower().startswith(("http://", "https://"))


def cmd_add(args: argparse.Namespace) -> int:
    paths: list[str] = args.files
    progress = _Progress(len(paths)) if len(paths) > 1 and sys.stderr.isatty() else None

    async def add_all(service: NewsService) -> int:
        refused = 0
        for path in paths:
            try:
                if _is_url(path):
                    outcome = await service.add_url(args.guild, path, args.title)
                else:
                    title, text = read_source(path)
                    outcome = await service.add_article(
                        args.guild, args.title or title, text, source_url=None
                    )
            except (CliError, UserFacingError) as exc:
                refused += 1
                message = str(exc) if str(exc).startswith(path) else f"{path}: {exc}"
                _above_progress(progress, f"newsbot: refused {message}")
            else:
                verb = "added" if outcome.created else "exists"
                _above_progress(
                    progress,
                    f"{verb}\t{outcome.article.id}\t{outcome.article.title}",
                    stream=sys.stdout,
                )
            if progress:
                progress.step()
        if progress:
            progress.done()
        return EXIT_BAD_INPUT if refused else 0

    return asyncio.run(_with_service(add_all))


def _above_progress(progress: _Progress | None, line: str, stream=None) -> None:
    stream = stream or sys.stderr
    if progress:
        progress.clear()
    print(line, file=stream)


class _Progress:
    """A one-line progress bar on stderr, only when stderr is a terminal."""

    def __init__(self, total: int) -> None:
        self.total, self.current = total, 0

    def step(self) -> None:
        self.current += 1
        filled = 30 * self.current // self.total
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {self.current}/{self.total}")
        sys.stderr.flush()

    def clear(self) -> None:
        sys.stderr.write("\r\033[K")

    def done(self) -> None:
        sys.stderr.write("\n")


def cmd_list(args: argparse.Namespace) -> int:
    async def list_all(service: NewsService) -> int:
        offset = 0
        while batch := await service.store.list_articles(args.guild, 500, offset):
            for a in batch:
                print(f"{a.id}\t{a.added_at[:10]}\t{a.sentence_count}\t{a.title}")
            offset += len(batch)
        return 0

    return asyncio.run(_with_service(list_all))


def cmd_summarize(args: argparse.Namespace) -> int:
    if args.sentences is not None and args.sentences < 1:
        raise CliError("--sentences must be at least 1")
    if args.method not in METHODS:
        raise CliError(f"unknown method {args.method!r}; choose one of: {', '.join(METHODS)}")
    if args.jsonl:
        count = args.sentences or limits.DEFAULT_SUMMARY_SENTENCES
        return _run_jsonl(
            args.jsonl,
            lambda r: (r.get("id"), str(r.get("title") or ""), r["text"], args.method, count),
            _summary_record,
        )
    if args.article is not None:
        title, result = asyncio.run(_with_service(lambda s: _stored_summary(s, args)))
    else:
        title, raw = read_source(args.source or "-")
        title, result = _file_summary(title, raw, args)
    if args.format == "json":
        payload = {"title": title, **asdict(result)}
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print("\n".join(result.sentences))
    return 0


async def _stored_summary(service: NewsService, args: argparse.Namespace):
    from bot.service import summarize

    article = await service.article(args.guild, args.article)
    if args.percent is not None:
        text, title = article.text, article.title
        result = summarize(
            text, title=title, method=args.method, percent=args.percent, lang=article.language
        )
        return title, result
    article, result = await service.summary(args.guild, args.article, args.method, args.sentences)
    return article.title, result


def _file_summary(title: str | None, raw: str, args: argparse.Namespace):
    from bot.service import prepare_article, summarize

    try:
        prepared = prepare_article(0, title, raw, method="lead", sentences=1)
    except UserFacingError as exc:
        raise CliError(str(exc)) from None
    article = prepared.article
    try:
        result = summarize(
            article.text,
            title=article.title,
            method=args.method,
            sentences=args.sentences,
            percent=args.percent,
            lang=article.language,
        )
    except SummaryError as exc:
        raise CliError(str(exc)) from None
    return article.title, result


def cmd_quotes(args: argparse.Namespace) -> int:
    if args.jsonl:
        return _run_jsonl(args.jsonl, lambda r: (r.get("id"), r["text"]), _quote_record)
    if args.article is not None:

        async def stored(service: NewsService):
            article = await service.article(args.guild, args.article)
            hits = await service.store.find_quotations(
                args.guild, article_id=article.id, limit=1000
            )
            return [h.quote for h in hits]

        found = asyncio.run(_with_service(stored))
    else:
        from bot.engine.quotes.extract import extract
        from bot.engine.text.sentences import clean

        _, raw = read_source(args.source or "-")
        found = extract(clean(raw))
    if args.format == "json":
        print(json.dumps({"quotes": [_quote_json(q) for q in found]}, ensure_ascii=False))
    else:
        for q in found:
            print(f"“{q.quote}” — {q.speaker or 'unknown'}")
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    async def check(service: NewsService) -> int:
        verdict = await service.store.integrity_check()
        print("\n".join(verdict))
        return 0 if verdict == ["ok"] else 1

    async def backup(service: NewsService) -> int:
        target = Path(args.path)
        if target.exists():
            raise CliError(f"{target}: already exists; choose a new file")
        await service.store.backup(target)
        print(f"backed up to {target}")
        return 0

    if args.db_command == "copy":
        from bot.store.copy import copy_database

        counts = asyncio.run(copy_database(args.source, args.target))
        print("\n".join(f"{table}\t{count}" for table, count in counts.items()))
        return 0
    return asyncio.run(_with_service(check if args.db_command == "check" else backup))


def cmd_feed(args: argparse.Namespace) -> int:
    from bot.feeds import poller as feed_poller

    async def add(service: NewsService) -> int:
        feed, created = await feed_poller.subscribe(service, args.guild, args.channel, args.url)
        verb = "added" if created else "exists"
        print(f"{verb}\t{feed.id}\t{feed.url}\t{feed.title or ''}")
        return 0

    async def list_all(service: NewsService) -> int:
        for feed in await service.store.list_feeds(args.guild):
            state = "disabled" if not feed.enabled else "failing" if feed.failures else "ok"
            print(
                f"{feed.id}\t{feed.channel_id}\t{state}\t{feed.url}\t{feed.title or ''}"
                f"\t{feed.last_error or ''}"
            )
        return 0

    async def remove(service: NewsService) -> int:
        feed = await feed_poller.unsubscribe(service, args.guild, args.id)
        print(f"removed\t{feed.id}\t{feed.url}")
        return 0

    action = {"add": add, "list": list_all, "remove": remove}[args.feed_command]
    return asyncio.run(_with_service(action))


def cmd_sync(args: argparse.Namespace) -> int:
    settings = Settings.load()
    settings.require_token()
    from bot.client import sync_global

    count = sync_global(settings)
    print(f"synced {count} commands globally (Discord may take up to an hour to show them)")
    return 0


# --- parser ----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsbot", description="Discord news summaries, offline.")
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", help="run the Discord bot (reads .env)")
    run.set_defaults(func=cmd_run)

    def guild_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--guild",
            type=int,
            default=_default_guild(),
            help="server id (default: NEWSBOT_DEV_GUILD, else 0, the local library)",
        )

    add = sub.add_parser("add", help="add article files (.txt, .md, .html) to the store")
    add.add_argument("files", nargs="+", metavar="FILE")
    add.add_argument("--title", help="title for the article (default: its headline)")
    guild_option(add)
    add.set_defaults(func=cmd_add)

    lst = sub.add_parser("list", help="list stored articles, newest first")
    guild_option(lst)
    lst.set_defaults(func=cmd_list)

    summ = sub.add_parser("summarize", help="summarise a file, stdin or a stored article")
    source = summ.add_mutually_exclusive_group()
    source.add_argument("source", nargs="?", metavar="FILE", help="a file, or - for stdin")
    source.add_argument("--article", type=int, metavar="ID", help="a stored article's id")
    source.add_argument(
        "--jsonl", metavar="IN.jsonl", help="one JSON object a line: id, title, text"
    )
    length = summ.add_mutually_exclusive_group()
    length.add_argument("--sentences", type=int, metavar="N")
    length.add_argument("--percent", type=float, metavar="P")
    summ.add_argument("--method", default=DEFAULT_METHOD, help=f"one of: {', '.join(METHODS)}")
    summ.add_argument("--format", choices=("text", "json"), default="text")
    guild_option(summ)
    summ.set_defaults(func=cmd_summarize)

    quo = sub.add_parser("quotes", help="quotations and their speakers")
    qsource = quo.add_mutually_exclusive_group()
    qsource.add_argument("source", nargs="?", metavar="FILE", help="a file, or - for stdin")
    qsource.add_argument("--article", type=int, metavar="ID")
    qsource.add_argument("--jsonl", metavar="IN.jsonl")
    quo.add_argument("--format", choices=("text", "json"), default="text")
    guild_option(quo)
    quo.set_defaults(func=cmd_quotes)

    db = sub.add_parser("db", help="database maintenance")
    dbsub = db.add_subparsers(dest="db_command", required=True, parser_class=_Parser)
    dbsub.add_parser(
        "check", help="integrity check (SQLite's own; on PostgreSQL amcheck if installed)"
    ).set_defaults(func=cmd_db)
    backup = dbsub.add_parser(
        "backup",
        help="online SQLite backup to a new file (safe while running; PostgreSQL: pg_dump)",
    )
    backup.add_argument("path", metavar="PATH")
    backup.set_defaults(func=cmd_db)
    copy = dbsub.add_parser(
        "copy", help="copy every guild's data into a new, empty database (SQLite <-> PostgreSQL)"
    )
    copy.add_argument("source", metavar="SOURCE", help="a path, sqlite:///path or postgresql://…")
    copy.add_argument("target", metavar="TARGET", help="an empty database, spelled the same way")
    copy.set_defaults(func=cmd_db)

    feed = sub.add_parser("feed", help="RSS/Atom feeds posted to a channel")
    feedsub = feed.add_subparsers(dest="feed_command", required=True, parser_class=_Parser)
    feed_add = feedsub.add_parser("add", help="subscribe a server to a feed (checked first)")
    feed_add.add_argument("url", metavar="URL")
    feed_add.add_argument("--channel", type=int, required=True, metavar="ID", help="channel id")
    guild_option(feed_add)
    feed_list = feedsub.add_parser("list", help="id, channel, state, url, title, last error")
    guild_option(feed_list)
    feed_remove = feedsub.add_parser("remove", help="unsubscribe a feed by its id")
    feed_remove.add_argument("id", type=int, metavar="ID")
    guild_option(feed_remove)
    for p in (feed_add, feed_list, feed_remove):
        p.set_defaults(func=cmd_feed)

    sync = sub.add_parser("sync", help="sync slash commands globally (on demand only)")
    sync.set_defaults(func=cmd_sync)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    logging.basicConfig(
        level=os.environ.get("LOG_LEVEL", "WARNING").upper(),
        format="%(levelname)s %(name)s: %(message)s",
    )
    try:
        return args.func(args)
    except (CliError, UserFacingError, ConfigError) as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0


if __name__ == "__main__":
    sys.exit(main())
