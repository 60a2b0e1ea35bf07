"""The `newsbot` command: run the bot, add and list articles, summaries, quotations, the database.

Output formats are contracts (benchmarks and scripts parse them). Bad input is one line on
stderr and exit code 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import logging
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn

from bot import limits
from bot.config import ConfigError, Settings
from bot.engine.quotes.roles import byline
from bot.engine.summary.length import Length, LengthError, length_note, length_of
from bot.engine.summary.methods import DEFAULT_METHOD, METHODS, SummaryError
from bot.engine.text.sentences import truncate
from bot.errors import UserFacingError
from bot.feeds.filters import FIELDS as FILTER_FIELDS
from bot.feeds.filters import OPERATORS as FILTER_OPERATORS
from bot.feeds.filters import load_rules
from bot.feeds.settings import ARCHIVE_MINUTES
from bot.feeds.settings import FORMATS as FEED_FORMATS
from bot.feeds.settings import TARGETS as FEED_TARGETS
from bot.feeds.tags import load_tag_rules
from bot.service import NewsService, check_method, decode_text, quotes_in_text, read_article
from bot.store import open_store

log = logging.getLogger(__name__)
EXIT_BAD_INPUT = 2
_JSONL_PARALLEL_MIN = 64


class CliError(Exception):
    """Printed as one line on stderr; the command exits with code 2."""


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors are one line and exit code 2 like every other bad input."""

    def error(self, message: str) -> NoReturn:
        command = " ".join(["newsbot", self._sub()]).strip()
        self.exit(EXIT_BAD_INPUT, f"newsbot: {message} (see '{command} --help')\n")

    def _sub(self) -> str:
        parts = self.prog.split()
        return " ".join(parts[1:]) if len(parts) > 1 else ""


# --- reading input ---------------------------------------------------------------------------


def read_source(path: str) -> str:
    """The raw text of a file path or '-' (stdin); what kind of text it is (HTML, Markdown,
    plain) is told later by its content, the same way for every path."""
    if path == "-":
        data = sys.stdin.buffer.read(limits.MAX_FILE_BYTES + 1)
        name = "standard input"
    else:
        file = Path(path)
        if not file.is_file():
            raise CliError(f"refused {echo(path)}: no such file")
        suffix = file.suffix.lower()
        if suffix not in limits.ARTICLE_FILE_TYPES:
            types = ", ".join(limits.ARTICLE_FILE_TYPES)
            raise CliError(
                f"refused {echo(path)}: unsupported file type {suffix or '(none)'}; use {types}"
            )
        if file.stat().st_size > limits.MAX_FILE_BYTES:
            raise CliError(f"refused {echo(path)}: larger than {limits.MAX_FILE_BYTES:,} bytes")
        data = file.read_bytes()
        name = path
    if len(data) > limits.MAX_FILE_BYTES:
        raise CliError(f"refused {_display(name)}: larger than {limits.MAX_FILE_BYTES:,} bytes")
    try:
        return decode_text(data, name)
    except UserFacingError as exc:
        raise CliError(
            f"refused {_display(name)}: {_sentence_after_name(str(exc), name)}"
        ) from None


def _sentence_after_name(message: str, name: str) -> str:
    """ "standard input is empty." -> "empty." when the name is already said before it."""
    return (
        message[len(name) :].strip().removeprefix("is ").strip()
        if message.startswith(name)
        else message
    )


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
    record_id, title, raw_text, method, count = job
    from bot.engine.text.language import detect
    from bot.engine.text.sentences import clean
    from bot.service import summarize

    record_id, title, raw_text, method, count = job
    text = clean(raw_text)

    text = read_article(raw_text, title=title or None).text
    result = summarize(text, title=title, method=method, sentences=count, lang=detect(text))
    return {"id": record_id, "summary_sentences": list(result.sentences)}


def _quote_record(job: tuple[Any, str]) -> dict[str, Any]:
    from bot.engine.quotes.extract import extract

    record_id, raw_text = job
    return {"id": record_id, "quotes": [_quote_json(q) for q in extract(raw_text)]}


def _quote_json(q) -> dict[str, Any]:
    return {
        "quote": q.quote,
        "speaker": q.speaker,
        "role": q.speaker_role,
        "affiliation": q.speaker_affiliation,
        "cue": q.cue,
        "start": q.start,
        "end": q.end,
    }


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
        reason = "no such file" if isinstance(exc, FileNotFoundError) else exc.__class__.__name__
        raise CliError(f"refused {path}: cannot read ({reason})") from None
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

    store = await open_store(Settings.load().database)
    service = NewsService(store)  # its own guarded fetcher, made if a command fetches
    try:
        return await fn(service)
    finally:
        await service.close()
        await store.close()


def _is_url(arg: str) -> bool:
    """An argument that reads as a web address, leading spaces or not (a path never starts
    with a scheme)."""
    return arg.lstrip().lower().startswith(("http://", "https://"))


def cmd_add(args: argparse.Namespace) -> int:
    paths: list[str] = args.files
    if args.title and len(paths) > 1:
        raise CliError("--title names one article; give it with one FILE or URL")
    progress = _Progress(len(paths)) if len(paths) > 1 and sys.stderr.isatty() else None

    async def add_all(service: NewsService) -> int:
        refused = 0
        for path in paths:
            try:
                if _is_url(path):
                    outcome = await service.add_url(args.guild, path, args.title)
                else:
                    outcome = await service.add_article(
                        args.guild, args.title, read_source(path), source_url=None
                    )
            except (CliError, UserFacingError) as exc:
                refused += 1
                message = (
                    str(exc) if str(exc).startswith("refused ") else f"refused {echo(path)}: {exc}"
                )
                _above_progress(progress, f"newsbot: {message}")
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
        async for a in service.all_articles(args.guild):
            print(f"{a.id}\t{a.added_at[:10]}\t{a.sentence_count}\t{a.title}")
        return 0

    return asyncio.run(_with_service(list_all))


def cmd_remove(args: argparse.Namespace) -> int:
    async def remove(service: NewsService) -> int:
        removed = await service.remove_article(args.guild, args.id)
        print(f"removed\t{removed.id}\t{removed.title}")
        return 0

    return asyncio.run(_with_service(remove))


def _length(args: argparse.Namespace) -> Length:
    try:
        length = length_of(args.sentences, args.words, args.percent)
    except LengthError as exc:
        raise CliError(str(exc)) from None
    return length or Length("sentences", limits.DEFAULT_SUMMARY_SENTENCES)


def _no_source_at_a_terminal(args: argparse.Namespace) -> bool:
    """`newsbot summarize` alone at a terminal would wait silently on the keyboard."""
    return args.source is None and args.article is None and not args.jsonl and sys.stdin.isatty()


def cmd_summarize(args: argparse.Namespace) -> int:
    if _no_source_at_a_terminal(args):
        args.parser.print_usage(sys.stderr)
        return EXIT_BAD_INPUT
    length = _length(args)
    method = _method(args.method)
    if args.jsonl:
        if length.unit != "sentences":
            raise CliError("--jsonl takes --sentences only")
        return _run_jsonl(
            args.jsonl,
            lambda r: (r.get("id"), str(r.get("title") or ""), r["text"], method, length.value),
            _summary_record,
        )
    if args.article is not None:
        article, result = asyncio.run(
            _with_service(
                lambda s: s.summary(args.guild, args.article, method, None, length=length)
            )
        )
        title = article.title
    elif args.source and _is_url(args.source):
        title, result = _url_summary(args.source, method, length)
    else:
        name = args.source or "-"
        title, result = _file_summary(read_source(name), method, length, name)
    note = length_note(length, result.sentences, result.total_sentences)
    if args.format == "json":
        payload = {"title": title, **asdict(result), "length": asdict(length), "note": note}
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print("\n".join(result.sentences))
        if note:
            print(f"newsbot: {note}", file=sys.stderr)
    return 0


def _method(name: str) -> str:
    try:
        return check_method(name)
    except UserFacingError as exc:
        raise CliError(str(exc)) from None


def _url_summary(url: str, method: str, length: Length):
    """A web page's summary, fetched exactly as `add` fetches it (the guarded fetcher), not
    stored."""

    async def fetch(service: NewsService):
        _, page = await service.fetch_article(url)
        return page

    try:
        page = asyncio.run(_with_service(fetch))
    except UserFacingError as exc:
        raise CliError(f"refused {url}: {exc}") from None
    return _file_summary(page, method, length, url)


def _file_summary(raw, method: str, length: Length, name: str):
    """Read, check and summarise text that is not stored; a refusal names its source."""
    from bot.service import prepare_article, summarize_article

    try:
        article = prepare_article(0, None, raw, method="lead", sentences=1).article
        return article.title, summarize_article(article, method, length)
    except (UserFacingError, SummaryError) as exc:
        raise CliError(f"refused {_display(name)}: {exc}") from None


def _display(name: str) -> str:
    return "standard input" if name == "-" else echo(name)


def echo(value: str, limit: int = limits.ECHO_CHARS) -> str:
    """What a user gave (a file name, a URL), repeated in a message: one line, cut to
    `limit` characters, so a newline or 10,000 characters cannot flood the terminal."""
    line = "".join(c if c.isprintable() else " " for c in value.strip())
    return truncate(line, limit)


def cmd_quotes(args: argparse.Namespace) -> int:
    if _no_source_at_a_terminal(args):
        args.parser.print_usage(sys.stderr)
        return EXIT_BAD_INPUT
    if args.jsonl:
        return _run_jsonl(args.jsonl, lambda r: (r.get("id"), r["text"]), _quote_record)
    if args.article is not None:

        async def stored(service: NewsService):
            hits = await service.find_quotations(args.guild, article_id=args.article, limit=1000)
            return [h.quote for h in hits]

        found = asyncio.run(_with_service(stored))
    else:
        name = args.source or "-"
        try:
            found = quotes_in_text(read_source(name))
        except UserFacingError as exc:
            raise CliError(f"refused {_display(name)}: {exc}") from None
    if args.format == "json":
        print(json.dumps({"quotes": [_quote_json(q) for q in found]}, ensure_ascii=False))
    else:
        for q in found:
            who = (
                byline(q.speaker, q.speaker_role, q.speaker_affiliation) if q.speaker else "unknown"
            )
            print(f"“{q.quote}” — {who}")
    return 0


def cmd_db(args: argparse.Namespace) -> int:
    async def check(service: NewsService) -> int:
        verdict = await service.integrity_check()
        print("\n".join(verdict))
        return 0 if verdict == ["ok"] else 1

    async def backup(service: NewsService) -> int:
        target = Path(args.path)
        await service.backup(target)
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

    async def show(service: NewsService) -> int:
        from bot.feeds.admin import own_feed

        feed = await own_feed(service, args.guild, args.id)
        for key, value in (
            ("id", feed.id),
            ("url", feed.url),
            ("title", feed.title),
            ("channel", feed.channel_id),
            ("interval_minutes", feed.interval_minutes),
            ("state", feed_poller.feed_status(feed)),
            ("filters_combine", feed.filter_mode),
            ("filters", len(load_rules(feed.filters))),
            ("tag_rules", len(load_tag_rules(feed.tag_rules))),
            ("target", feed.target),
            ("format", feed.post_format),
            ("archive_minutes", feed.auto_archive_minutes),
            ("publish", "yes" if feed.publish else "no"),
            ("webhook", "yes" if feed.use_webhook else "no"),
            ("webhook_name", feed.webhook_name),
            ("webhook_avatar", feed.webhook_avatar_url),
            ("mention_role", feed.mention_role_id),
            ("paused", feed.paused_reason),
        ):
            print(f"{key}\t{_cell(value)}")
        return 0

    async def edit(service: NewsService) -> int:
        from bot.feeds.admin import edit_feed

        given = {
            "channel_id": args.channel,
            "interval_minutes": args.interval,
            "filter_mode": args.combine,
            "post_format": args.format,
            "target": args.target,
            "auto_archive_minutes": args.archive,
            "publish": args.publish,
            "use_webhook": args.webhook,
            "webhook_name": args.webhook_name,
            "webhook_avatar_url": args.webhook_avatar,
        }
        changes = {k: v for k, v in given.items() if v is not None}
        feed = await edit_feed(service, args.guild, args.id, changes)
        print(f"edited\t{feed.id}\t{feed.channel_id}\t{feed.interval_minutes}\t{feed.filter_mode}")
        return 0

    async def filter_add(service: NewsService) -> int:
        from bot.feeds.admin import add_filter

        _feed, rules = await add_filter(
            service,
            args.guild,
            args.id,
            args.field,
            args.rule,
            args.value,
            group=args.group,
            mode=args.combine,
        )
        print(f"added\t{len(rules)}\t{_cell(rules[-1].describe())}")
        return 0

    async def filter_list(service: NewsService) -> int:
        from bot.feeds.admin import own_feed

        feed = await own_feed(service, args.guild, args.id)
        for number, rule in enumerate(load_rules(feed.filters), 1):
            print(f"{number}\t{rule.field}\t{rule.op}\t{_cell(rule.value)}\t{_cell(rule.group)}")
        return 0

    async def filter_remove(service: NewsService) -> int:
        from bot.feeds.admin import remove_filter

        _feed, removed, _rules = await remove_filter(service, args.guild, args.id, args.number)
        print(f"removed\t{args.number}\t{_cell(removed.describe())}")
        return 0

    async def tag_add(service: NewsService) -> int:
        from bot.feeds.admin import add_tag_rule

        _feed, rules = await add_tag_rule(
            service, args.guild, args.id, args.tag, args.field, args.rule, args.value
        )
        print(f"added\t{len(rules)}\t{_cell(rules[-1].describe())}")
        return 0

    async def tag_list(service: NewsService) -> int:
        from bot.feeds.admin import own_feed

        feed = await own_feed(service, args.guild, args.id)
        for number, rule in enumerate(load_tag_rules(feed.tag_rules), 1):
            filt = rule.rule
            print(f"{number}\t{_cell(rule.tag)}\t{filt.field}\t{filt.op}\t{_cell(filt.value)}")
        return 0

    async def tag_remove(service: NewsService) -> int:
        from bot.feeds.admin import remove_tag_rule

        _feed, removed, _rules = await remove_tag_rule(service, args.guild, args.id, args.number)
        print(f"removed\t{args.number}\t{_cell(removed.describe())}")
        return 0

    async def show_log(service: NewsService) -> int:
        from bot.feeds.admin import feed_log

        _feed, entries = await feed_log(service, args.guild, args.id)
        for entry in entries:
            at = datetime.fromtimestamp(entry.at, UTC).isoformat(timespec="seconds")
            message = (
                f"{entry.channel_id}/{entry.message_id}" if entry.message_id is not None else ""
            )
            print(
                f"{at}\t{entry.decision}\t{_cell(entry.title)}\t{_cell(entry.link)}"
                f"\t{_cell(entry.detail)}\t{message}"
            )
        return 0

    async def test(service: NewsService) -> int:
        from bot.feeds.preview import preview_feed

        _feed, previews = await preview_feed(service, args.guild, args.id, time.time())
        for preview in previews:
            verdict = "post" if preview.would_post else "skip"
            print(
                f"{verdict}\t{_cell(preview.entry.title)}\t{_cell(preview.entry.link)}"
                f"\t{_cell(preview.reason)}"
            )
        return 0

    if args.feed_command == "filter":
        action = {"add": filter_add, "list": filter_list, "remove": filter_remove}[
            args.filter_command
        ]
    elif args.feed_command == "tag":
        action = {"add": tag_add, "list": tag_list, "remove": tag_remove}[args.tag_command]
    else:
        action = {
            "add": add,
            "list": list_all,
            "remove": remove,
            "show": show,
            "edit": edit,
            "log": show_log,
            "test": test,
        }[args.feed_command]
    return asyncio.run(_with_service(action))


def cmd_web(args: argparse.Namespace) -> int:
    """The web panel alone, on the bot's database; it needs no bot token and no gateway."""
    settings = Settings.load()
    settings.require_web()  # a ConfigError here is the one paragraph main() prints
    from bot.client import configure_logging
    from bot.web.app import serve_panel

    configure_logging(settings.log_level)
    asyncio.run(serve_panel(settings))
    return 0


def _cell(value: object) -> str:
    """A value as one tab-separated cell: whitespace (tabs, newlines) collapsed, None empty."""
    return "" if value is None else " ".join(str(value).split())


def cmd_sync(args: argparse.Namespace) -> int:
    settings = Settings.load()
    settings.require_token()
    from bot.client import sync_global

    count = sync_global(settings)
    print(f"synced {count} commands globally (Discord may take up to an hour to show them)")
    return 0


def _stream_items(path: str) -> list:
    """Every line of a stories JSONL file as a StreamItem; the first bad line is a CliError, so
    nothing is printed for a file that cannot be read whole."""
    from bot.engine.stories.clustering import StreamItem

    items, seen = [], set()
    try:
        stream = sys.stdin if path == "-" else open(path, encoding="utf-8")  # noqa: SIM115
    except OSError as exc:
        raise CliError(f"{path}: cannot read ({exc.__class__.__name__})") from None
    try:
        with stream:
            for number, line in enumerate(stream, 1):
                if not line.strip():
                    continue
                where = f"{path}:{number}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError:
                    raise CliError(f"{where}: not valid JSON") from None
                if not isinstance(record, dict):
                    raise CliError(f"{where}: needs a JSON object")
                record_id, title = record.get("id"), record.get("title")
                if not isinstance(record_id, (str, int)) or isinstance(record_id, bool):
                    raise CliError(f"{where}: needs an 'id' (a string or a number)")
                if not isinstance(title, str) or not title.strip():
                    raise CliError(f"{where}: needs a non-empty string 'title'")
                text = record.get("text") or ""
                if not isinstance(text, str):
                    raise CliError(f"{where}: 'text' must be a string")
                if not isinstance(record.get("publisher", ""), str):
                    raise CliError(f"{where}: 'publisher' must be a string")
                at = _timestamp(record.get("timestamp"))
                if at is None:
                    raise CliError(f"{where}: needs an ISO 8601 'timestamp'")
                key = json.dumps(record_id)
                if key in seen:
                    raise CliError(f"{where}: id {key} appears twice")
                seen.add(key)
                items.append(StreamItem(record_id, at, title, text))
    except (OSError, UnicodeDecodeError) as exc:
        raise CliError(f"{path}: cannot read ({exc.__class__.__name__})") from None
    return items


def _timestamp(value: Any) -> float | None:
    """Seconds since the epoch for an ISO 8601 string; a time without a zone is UTC."""
    from datetime import UTC, datetime

    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def cmd_stories(args: argparse.Namespace) -> int:
    from bot.engine.stories.clustering import label_stream

    items = _stream_items(args.jsonl)
    labels = label_stream(items)
    out = sys.stdout
    for item in items:
        out.write(json.dumps({"id": item.id, "story": labels[item.id]}, ensure_ascii=False) + "\n")
    out.flush()
    return 0


# --- parser ----------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="newsbot", description="Discord news summaries, offline.")
    parser.add_argument("--version", action="version", version=f"newsbot {_version()}")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show log lines (as LOG_LEVEL=INFO would)"
    )
    sub = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = sub.add_parser("run", help="run the Discord bot (reads .env)")
    run.set_defaults(func=cmd_run)

    def guild_option(p: argparse.ArgumentParser) -> None:
        p.add_argument(
            "--guild",
            type=int,
            help="server id (default: NEWSBOT_DEV_GUILD, else 0, the local library)",
        )

    add = sub.add_parser(
        "add", help="add articles to the store: .txt, .md or .html files, or http(s) URLs"
    )
    add.add_argument(
        "files",
        nargs="+",
        metavar="FILE|URL",
        help="a file (.txt, .md, .html; told by content), or a page URL fetched like /article add",
    )
    add.add_argument(
        "--title", help="title for the article (default: its headline); one FILE or URL only"
    )
    guild_option(add)
    add.set_defaults(func=cmd_add)

    lst = sub.add_parser("list", help="list stored articles, newest first")
    guild_option(lst)
    lst.set_defaults(func=cmd_list)

    rm = sub.add_parser("remove", help="delete an article with its summaries and quotations")
    rm.add_argument("id", type=int, metavar="ID", help="the article's id (see 'newsbot list')")
    guild_option(rm)
    rm.set_defaults(func=cmd_remove)

    summ = sub.add_parser("summarize", help="summarise a file, stdin, a URL or a stored article")
    source = summ.add_mutually_exclusive_group()
    source.add_argument(
        "source", nargs="?", metavar="FILE", help="a file, - for stdin, or an http(s) URL"
    )
    source.add_argument("--article", type=int, metavar="ID", help="a stored article's id")
    source.add_argument(
        "--jsonl", metavar="IN.jsonl", help="one JSON object a line: id, title, text"
    )
    length = summ.add_mutually_exclusive_group()
    length.add_argument(
        "--sentences",
        type=int,
        metavar="N",
        help=f"this many sentences, 1-{limits.MAX_SUMMARY_SENTENCES} (default "
        f"{limits.DEFAULT_SUMMARY_SENTENCES})",
    )
    length.add_argument(
        "--words",
        type=int,
        metavar="N",
        help="the best summary in at most N words, never cutting a sentence "
        f"({limits.MIN_SUMMARY_WORDS}-{limits.MAX_SUMMARY_WORDS})",
    )
    length.add_argument(
        "--percent",
        type=float,
        metavar="P",
        help="P percent of the article's sentences (1-100; at most "
        f"{limits.MAX_SUMMARY_SENTENCES} sentences)",
    )
    summ.add_argument(
        "--method",
        default=DEFAULT_METHOD,
        help=f"one of: {', '.join(METHODS)} (any case; default {DEFAULT_METHOD})",
    )
    summ.add_argument(
        "--format", choices=("text", "json"), default="text", help="one sentence a line, or JSON"
    )
    guild_option(summ)
    summ.set_defaults(func=cmd_summarize, parser=summ)

    quo = sub.add_parser("quotes", help="quotations and their speakers")
    qsource = quo.add_mutually_exclusive_group()
    qsource.add_argument(
        "source", nargs="?", metavar="FILE", help="a file, or - for stdin (any format)"
    )
    qsource.add_argument(
        "--article", type=int, metavar="ID", help="a stored article's id (its stored quotations)"
    )
    qsource.add_argument(
        "--jsonl",
        metavar="IN.jsonl",
        help="one JSON object a line: id, text; bad lines are reported with their number",
    )
    quo.add_argument(
        "--format", choices=("text", "json"), default="text", help="one quotation a line, or JSON"
    )
    guild_option(quo)
    quo.set_defaults(func=cmd_quotes, parser=quo)

    db = sub.add_parser("db", help="database maintenance")
    dbsub = db.add_subparsers(dest="db_command", required=True, parser_class=_Parser)
    dbsub.add_parser(
        "check", help="integrity check (SQLite's own; on PostgreSQL amcheck if installed)"
    ).set_defaults(func=cmd_db)
    backup = dbsub.add_parser(
        "backup",
        help="online SQLite backup to a new file (safe while running; PostgreSQL: pg_dump)",
    )
    backup.add_argument("path", metavar="PATH", help="a new file in an existing directory")
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
    feed_show = feedsub.add_parser("show", help="one feed's settings, as key<TAB>value lines")
    feed_log = feedsub.add_parser(
        "log", help="the newest 25 decisions: time, decision, title, link, detail, message"
    )
    feed_test = feedsub.add_parser(
        "test", help="the newest 5 entries now: post|skip, title, link, why (nothing stored)"
    )
    for p in (feed_show, feed_log, feed_test):
        p.add_argument("id", type=int, metavar="ID")
        guild_option(p)
    feed_edit = feedsub.add_parser(
        "edit", help="change settings; prints edited<TAB>id<TAB>channel<TAB>interval<TAB>combine"
    )
    feed_edit.add_argument("id", type=int, metavar="ID")
    feed_edit.add_argument("--channel", type=int, metavar="ID", help="post to this channel")
    feed_edit.add_argument("--interval", type=int, metavar="MINUTES", help="poll interval")
    feed_edit.add_argument("--combine", choices=["all", "any"], help="how the filters combine")
    feed_edit.add_argument("--format", choices=list(FEED_FORMATS), help="what a post shows")
    feed_edit.add_argument(
        "--target", choices=list(FEED_TARGETS), help="forum needs a forum channel's id"
    )
    feed_edit.add_argument(
        "--archive", type=int, choices=list(ARCHIVE_MINUTES), help="thread archive minutes"
    )
    feed_edit.add_argument(
        "--publish", action=argparse.BooleanOptionalAction, help="publish in announcement channels"
    )
    feed_edit.add_argument(
        "--webhook", action=argparse.BooleanOptionalAction, help="post through a webhook"
    )
    feed_edit.add_argument("--webhook-name", metavar="NAME", help="the name posts appear under")
    feed_edit.add_argument("--webhook-avatar", metavar="URL", help="https:// avatar image")
    guild_option(feed_edit)
    feed_filter = feedsub.add_parser("filter", help="which entries a feed posts")
    filtersub = feed_filter.add_subparsers(
        dest="filter_command", required=True, parser_class=_Parser
    )
    filter_add = filtersub.add_parser("add", help="add a rule; prints added<TAB>n<TAB>rule")
    filter_add.add_argument("id", type=int, metavar="ID")
    filter_add.add_argument("--field", required=True, choices=list(FILTER_FIELDS))
    filter_add.add_argument("--rule", required=True, choices=list(FILTER_OPERATORS))
    filter_add.add_argument("value", metavar="VALUE", help="words (comma-separated) or a regex")
    filter_add.add_argument("--group", metavar="NAME", help="combine with same-named rules")
    filter_add.add_argument("--combine", choices=["all", "any"], help="how the rules combine")
    filter_list = filtersub.add_parser("list", help="n, field, rule, value, group")
    filter_list.add_argument("id", type=int, metavar="ID")
    filter_remove = filtersub.add_parser("remove", help="remove rule N of feed ID")
    filter_remove.add_argument("id", type=int, metavar="ID")
    filter_remove.add_argument("number", type=int, metavar="N")
    for p in (filter_add, filter_list, filter_remove):
        guild_option(p)
    feed_tag = feedsub.add_parser("tag", help="forum tags a feed's posts get by a rule")
    tagsub = feed_tag.add_subparsers(dest="tag_command", required=True, parser_class=_Parser)
    tag_add = tagsub.add_parser("add", help="tag posts whose entry passes the rule")
    tag_add.add_argument("id", type=int, metavar="ID")
    tag_add.add_argument("--tag", required=True, metavar="NAME", help="the forum tag's name")
    tag_add.add_argument("--field", required=True, choices=list(FILTER_FIELDS))
    tag_add.add_argument("--rule", required=True, choices=list(FILTER_OPERATORS))
    tag_add.add_argument("value", metavar="VALUE", help="words (comma-separated) or a regex")
    tag_list = tagsub.add_parser("list", help="n, tag, field, rule, value")
    tag_list.add_argument("id", type=int, metavar="ID")
    tag_remove = tagsub.add_parser("remove", help="remove tag rule N of feed ID")
    tag_remove.add_argument("id", type=int, metavar="ID")
    tag_remove.add_argument("number", type=int, metavar="N")
    for p in (tag_add, tag_list, tag_remove):
        guild_option(p)
    for p in (
        feed_add,
        feed_list,
        feed_remove,
        feed_show,
        feed_edit,
        feed_log,
        feed_test,
        feed_filter,
        feed_tag,
    ):
        p.set_defaults(func=cmd_feed)

    stories = sub.add_parser("stories", help="group a stream of headlines into stories")
    stories.add_argument(
        "--jsonl",
        required=True,
        metavar="IN.jsonl",
        help="one JSON object a line: id, title, publisher, timestamp (ISO 8601), optional text",
    )
    stories.set_defaults(func=cmd_stories)

    web = sub.add_parser(
        "web", help="serve the web control panel (NEWSBOT_WEB_URL, DISCORD_CLIENT_ID/SECRET)"
    )
    web.set_defaults(func=cmd_web)

    sync = sub.add_parser("sync", help="sync slash commands globally (on demand only)")
    sync.set_defaults(func=cmd_sync)
    return parser


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("newsbot")
    except PackageNotFoundError:
        return "unknown"


def _log_level(settings: Settings, verbose: bool) -> int | str:
    """The user sees one message per outcome; log lines only when asked for (--verbose or
    LOG_LEVEL), because a WARNING from deep inside reads as a second, different answer."""
    level = settings.log_level
    if level and isinstance(logging.getLevelName(level), int):
        return level
    return logging.INFO if verbose else logging.CRITICAL + 1


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        # Settings first (`.env` included), before anything reads them: `--guild` defaults
        # to NEWSBOT_DEV_GUILD wherever it is set.
        settings = Settings.load()
        logging.basicConfig(
            level=_log_level(settings, args.verbose), format="%(levelname)s %(name)s: %(message)s"
        )
        if getattr(args, "guild", 0) is None:
            args.guild = settings.dev_guild or 0
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
