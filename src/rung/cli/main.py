"""The `rung` command: run the web app and its worker, the demo, and engine capabilities on files.

Commands that only need the engine (e.g. `rung overview --sales f.csv`) never start
Django, so they work in scripts and on machines without the web app's database.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import polars as pl
import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn
from rich.table import Table

if TYPE_CHECKING:
    from rung.engine.ingest.pipeline import ImportResult
    from rung.engine.messages import Note
    from rung.web.accounts.models import User
    from rung.web.businesses.models import Business

app = typer.Typer(
    help="Rung: local-first AI for small businesses and the programs that support them.",
    no_args_is_help=True,
    add_completion=False,
)
console = Console()
progress_console = Console(stderr=True)  # progress bars never mix into --format json on stdout

LOOPBACK = {"127.0.0.1", "localhost", "::1"}


def _django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rung.web.settings")
    import django

    django.setup()


def _web() -> None:
    """Start Django and bring the database up to date: every web command works on a fresh home."""
    _django()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


@app.command()
def serve(
    host: Annotated[
        str, typer.Option(help="Address to listen on; loopback keeps Rung on this computer.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    worker: Annotated[
        bool, typer.Option(help="Also run jobs in this process (no separate worker needed).")
    ] = True,
    threads: Annotated[int, typer.Option(help="Request threads.")] = 8,
) -> None:
    """Run the web app (and, by default, a job worker beside it)."""
    _web()
    _serve(host, port, worker, threads)


def _serve(host: str, port: int, worker: bool, threads: int) -> None:
    from django.conf import settings
    from waitress import serve as waitress_serve

    from rung.web.wsgi import application

    if host not in LOOPBACK:
        console.print(f"[yellow]Listening on {host}: other computers on the network can reach Rung.[/]")
        if host in ("0.0.0.0", "::"):  # noqa: S104 - the user asked for every interface
            console.print("[yellow]Set RUNG_ALLOWED_HOSTS to the names people type to reach this machine.[/]")
        else:
            settings.ALLOWED_HOSTS.append(host)
    from rung.web.jobs.worker import start_in_process_worker, stop

    background = None
    if worker:
        from rung.web.jobs.runner import fail_interrupted_jobs

        if interrupted := fail_interrupted_jobs():
            console.print(
                f"{interrupted} job(s) stopped by the last shutdown were marked as failed; retry them."
            )
        background = start_in_process_worker()
    console.print(
        f"Rung is running at [bold]http://{'127.0.0.1' if host == '0.0.0.0' else host}:{port}/[/]"  # noqa: S104
        " — press Ctrl+C to stop."
    )
    try:
        waitress_serve(application, host=host, port=port, threads=threads, _quiet=True)  # type: ignore[no-untyped-call]
    finally:
        if background is not None:
            stop(*background)


@app.command()
def worker(
    batch: Annotated[bool, typer.Option(help="Run the waiting jobs, then exit.")] = False,
    recover_interrupted: Annotated[
        bool,
        typer.Option(help="Mark jobs left running by a stopped worker as failed (only with one worker)."),
    ] = False,
) -> None:
    """Run background jobs (imports, forecasts, ...) from the database queue."""
    _web()
    from django.core.management import call_command

    if recover_interrupted:
        from rung.web.jobs.runner import fail_interrupted_jobs

        fail_interrupted_jobs()

    args = ["db_worker", "--no-reload", "--interval", "1", "--verbosity", "0"]
    call_command(*args, *(["--batch"] if batch else []))


@app.command()
def createuser(
    username: Annotated[str, typer.Argument(help="Login name.")],
    email: Annotated[str, typer.Option(help="E-mail address, for password resets.")] = "",
    password: Annotated[str, typer.Option(prompt=True, hide_input=True, confirmation_prompt=True)] = "",
    admin: Annotated[bool, typer.Option(help="Make a site admin, who can see every business.")] = False,
) -> None:
    """Create a login."""
    _web()
    from django.contrib.auth.password_validation import validate_password
    from django.core.exceptions import ValidationError

    from rung.web.accounts.models import User

    if User.objects.filter(username=username).exists():
        console.print(f"[red]A user called {username!r} exists already; pick another name.[/]")
        raise typer.Exit(1)
    try:
        validate_password(password, User(username=username, email=email))
    except ValidationError as exc:
        console.print("[red]" + " ".join(exc.messages) + "[/]")
        raise typer.Exit(1) from None
    User.objects.create_user(username, email=email, password=password, is_superuser=admin, is_staff=admin)
    console.print(f"Created {'site admin' if admin else 'user'} [bold]{username}[/].")


program_app = typer.Typer(help="Support programs: create them and give advisors and managers their role.")
app.add_typer(program_app, name="program")


@program_app.command("create")
def program_create(
    key: Annotated[str, typer.Argument(help="Short code businesses type to join, e.g. digital-futures.")],
    name: Annotated[str, typer.Argument(help="The program's name.")],
    description: Annotated[str, typer.Option(help="One or two sentences about the program.")] = "",
) -> None:
    """Create a program; business owners join it with its code on their People page."""
    _web()
    from django.utils.text import slugify

    from rung.web.programs.actions import create_program

    if slugify(key) != key:
        console.print(
            f"[red]Use lower-case letters, digits and dashes for the code, e.g. {slugify(key)!r}.[/]"
        )
        raise typer.Exit(1)
    try:
        create_program(key=key, name=name, description=description)
    except ValueError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    console.print(f"Created program [bold]{name}[/]; businesses join it with the code [bold]{key}[/].")


@program_app.command("add-member")
def program_add_member(
    key: Annotated[str, typer.Argument(help="The program's code.")],
    username: Annotated[str, typer.Argument(help="The person's login.")],
    role: Annotated[str, typer.Option(help="advisor or manager.")] = "advisor",
) -> None:
    """Make someone an advisor or manager of a program."""
    _web()
    from rung.web.accounts.models import User
    from rung.web.programs.actions import set_program_role
    from rung.web.programs.models import Program, ProgramMembership

    program = Program.objects.filter(key=key).first()
    user = User.objects.filter(username=username).first()
    if program is None or user is None or role not in ProgramMembership.Role.values:
        problem = "program" if program is None else "user" if user is None else "role (advisor or manager)"
        console.print(f"[red]Unknown {problem}; see `rung program add-member --help`.[/]")
        raise typer.Exit(1)
    set_program_role(program, user, ProgramMembership.Role(role))
    console.print(f"{username} is now {role} of {program.name}.")


@app.command()
def demo(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8000,
    serve: Annotated[bool, typer.Option(help="Start the server after setting up the demo.")] = True,
) -> None:
    """Create the demo business from the bundled sample shop and start the server."""
    if serve and host not in LOOPBACK:
        console.print(
            "[red]The demo logins have a published password, so the demo only listens on this computer.[/]"
        )
        raise typer.Exit(2)
    _web()
    from rung.web.demo import create_demo, queue_first_analyses

    with _progress_bar() as bar:
        task = bar.add_task("Setting up the demo", total=100)
        made = create_demo(lambda pct, msg: bar.update(task, completed=pct, description=msg))
        bar.update(task, completed=100, description="Demo ready")
    console.print(f"Owner login:   [bold]{made.owner.username}[/] / [bold]{made.password}[/]")
    console.print(f"Advisor login: [bold]{made.advisor.username}[/] / [bold]{made.password}[/]")
    if serve:
        if queue_first_analyses(made):
            console.print("The forecast and the customer analysis are running in the background.")
        _serve(host, port, worker=True, threads=8)


def _progress_bar() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f}%"),
        console=progress_console,
    )


@app.command("import")
def import_(
    files: Annotated[
        list[Path], typer.Argument(help="Exports to import (CSV, Excel, ODS, JSON, ZIP).", exists=True)
    ],
    business: Annotated[str | None, typer.Option(help="Key of the business to import into.")] = None,
    dry_run: Annotated[bool, typer.Option(help="Store nothing; report what would happen.")] = False,
    output: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    currency: Annotated[
        str, typer.Option(help="Currency of amounts that do not say (without --business).")
    ] = "EUR",
    country: Annotated[str | None, typer.Option(help="Country, for dates, numbers and phones.")] = None,
    time_zone: Annotated[str, typer.Option(help="Time zone of times that do not say.")] = "UTC",
) -> None:
    """Import exports into a business, or with --dry-run show what Rung recognises in them."""
    from rung.engine.ingest.pipeline import Context, report_json, run_import
    from rung.engine.ingest.types import IngestError

    if not dry_run and business is None:
        console.print("[red]Say which business to import into (--business KEY), or use --dry-run.[/]")
        raise typer.Exit(2)
    try:
        if business is None:
            result = run_import(files, Context(currency, country, time_zone), store=None, batch=None)
        else:
            result = _import_into(business, files, dry_run)
    except IngestError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    if output == "json":
        typer.echo(report_json(result))
        return
    _print_import(result)


def _import_into(key: str, files: list[Path], dry_run: bool) -> ImportResult:
    """Import as the business's first owner (the operator of this machine acts for them)."""
    _web()
    from rung.engine.ingest.pipeline import run_import
    from rung.web.businesses.access import Action, open_store
    from rung.web.businesses.imports import context_for, save_uploads

    found, owner = _business_and_owner(key)
    if dry_run:
        store = open_store(owner, found, Action.VIEW)
        return run_import(files, context_for(found), store=store, batch=None)
    saved = save_uploads(owner, found, [(p.name, _chunks(p)) for p in files])
    batch_key = f"import-{secrets.token_hex(6)}"
    params = {"files": saved, "batch": batch_key}
    _run_job_here(found, owner, "import_files", params, "Importing", then=("quality_check",))
    from rung.engine.ingest.pipeline import ImportResult, TableReport

    batch = found.imports.get(batch_key=batch_key)
    if batch.status == batch.Status.PENDING:
        console.print(
            "[yellow]Rung is not sure how to read some columns, so nothing was stored yet. Check them "
            f"on the page /b/{found.key}/imports/{batch_key}/check/ of `rung serve`.[/]"
        )
    stored = batch.batch_key if batch.status == batch.Status.STORED else None
    return ImportResult(stored, [TableReport.from_dict(t) for t in batch.report], batch.files)


def _run_job_here(
    business: Business, owner: User, kind: str, params: dict[str, Any], label: str, then: tuple[str, ...] = ()
) -> None:
    """Run a job in this process as the owner, with a progress bar; then the queued jobs of the
    kinds in `then` that it started (no worker runs here). Exits with the error if it failed."""
    from rung.web.jobs.models import Job
    from rung.web.jobs.runner import run_job

    job = Job.objects.create(business=business, kind=kind, params=params, created_by=owner)
    with _progress_bar() as bar:
        task = bar.add_task(label, total=100)

        def show(pct: int, msg: str) -> None:
            bar.update(task, completed=pct, description=msg)

        done = run_job(str(job.pk), also=show)
        for follow in business.jobs.filter(kind__in=then, status=Job.Status.QUEUED):
            run_job(str(follow.pk), also=show)
    if done.status == Job.Status.FAILED:
        console.print(f"[red]{done.error}[/]")
        raise typer.Exit(1)


def _business_and_owner(key: str) -> tuple[Business, User]:
    """The business and its first owner: the operator of this machine acts for them."""
    from rung.web.businesses.models import Business

    found = Business.objects.filter(key=key).first()
    owner = found.memberships.filter(role="owner").order_by("pk").first() if found else None
    if found is None or owner is None:
        console.print(
            f"[red]No business with key {key!r}; `rung serve` shows the keys in the address bar.[/]"
        )
        raise typer.Exit(1)
    return found, owner.user


def _chunks(path: Path) -> Iterator[bytes]:
    with path.open("rb") as fh:
        yield from iter(lambda: fh.read(1 << 20), b"")


def _print_import(result: ImportResult) -> None:
    table = Table(title="Import" + (f" {result.batch}" if result.batch else " (dry run: nothing stored)"))
    for name in ("File", "Sheet", "Holds", "Sure", "Rows", "Stored", "Already", "Set aside"):
        table.add_column(name)
    for t in result.tables:
        table.add_row(
            t.file,
            t.sheet or "",
            t.entity or "not recognised",
            f"{t.confidence:.0%}",
            str(t.rows),
            str(t.stored),
            str(t.already_stored),
            str(t.quarantined),
        )
    console.print(table)
    for t in result.tables:
        for note in t.notes:
            console.print(f"[dim]{t.file}: {note}[/]")


@app.command()
def overview(
    sales: Annotated[Path, typer.Option(help="Canonical sale lines as CSV or Parquet.", exists=True)],
) -> None:
    """Headline figures of a sales file (engine only: no database, no server)."""
    from rung.engine.overview import build_overview
    from rung.engine.schema import SALE_LINE

    df = pl.read_parquet(sales) if sales.suffix == ".parquet" else pl.read_csv(sales, infer_schema=False)
    ov = build_overview(SALE_LINE.conform(df.select([c for c in df.columns if c in SALE_LINE.field_names])))
    table = Table(title=f"Sales overview ({ov.currency})")
    table.add_column("Month")
    table.add_column("Revenue", justify="right")
    table.add_column("Orders", justify="right")
    for row in ov.revenue_by_month.iter_rows(named=True):
        table.add_row(row["month"].isoformat()[:7], f"{row['revenue']:,.2f}", str(row["orders"]))
    console.print(table)
    console.print(
        f"Net revenue {ov.net_revenue:,.2f} {ov.currency} · {ov.orders} orders · {ov.customers} customers"
    )


@app.command()
def quality(
    files: Annotated[
        list[Path] | None, typer.Argument(help="Exports to check, with no business (CSV, Excel, JSON, ...).")
    ] = None,
    business: Annotated[str | None, typer.Option(help="Key of the business to check.")] = None,
    output: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
    currency: Annotated[str, typer.Option(help="Currency of amounts that do not say (files only).")] = "EUR",
    country: Annotated[str | None, typer.Option(help="Country, for dates, numbers and phones.")] = None,
    time_zone: Annotated[str, typer.Option(help="Time zone of times that do not say.")] = "UTC",
) -> None:
    """Data health: the score, the problems worst first, and what the data is ready for."""

    from rung.engine.ingest.pipeline import Context, run_import
    from rung.engine.ingest.types import IngestError
    from rung.engine.quality.report import check

    if bool(files) == bool(business):
        console.print("[red]Give either files to check or --business KEY, not both.[/]")
        raise typer.Exit(2)
    if business:
        report = _quality_of_business(business)
    else:
        try:
            result = run_import(files or [], Context(currency, country, time_zone), store=None, batch=None)
        except IngestError as exc:
            console.print(f"[red]{exc}[/]")
            raise typer.Exit(1) from None
        with _progress_bar() as bar:
            task = bar.add_task("Checking", total=100)
            report = check(
                result.frames,
                quarantined=result.quarantine,
                today=dt.datetime.now(dt.UTC).date(),
                progress=lambda pct, msg: bar.update(task, completed=pct, description=msg),
            ).as_dict()
    if output == "json":
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    _print_quality(report)


def _quality_of_business(key: str) -> dict[str, Any]:
    """Check a business as its first owner and keep the check, as the web app's job does."""
    _web()
    from rung.web.businesses.access import Action, open_store
    from rung.web.quality.actions import run_check

    found, owner = _business_and_owner(key)
    with _progress_bar() as bar:
        task = bar.add_task("Checking", total=100)
        saved = run_check(
            owner,
            found,
            open_store(owner, found, Action.VIEW),
            lambda pct, msg: bar.update(task, completed=pct, description=msg),
        )
    return dict(saved.report)


def _print_quality(report: dict[str, Any]) -> None:
    score = report.get("score")
    console.print(f"[bold]Data quality score: {'—' if score is None else score}/100[/]")
    dims = Table(title="By dimension")
    for name in report.get("dimensions", {}):
        dims.add_column(name.capitalize(), justify="right")
    dims.add_row(*(str(v) for v in report.get("dimensions", {}).values()))
    console.print(dims)
    problems = Table(title="Problems, worst first")
    for name in ("Problem", "Share", "What to do"):
        problems.add_column(name)
    for f in report.get("findings", []):
        problems.add_row(f["text"], f"{f['share']:.0%}", f["action_text"])
    console.print(problems)
    ready = Table(title="Ready for")
    for name in ("Use", "Verdict", "Why", "Next step"):
        ready.add_column(name)
    for r in report.get("readiness", []):
        ready.add_row(r["use_case"], r["verdict"].replace("_", " "), r["reason_text"], r["action_text"] or "")
    console.print(ready)
    if report.get("merges"):
        console.print(
            f"{len(report['merges'])} possible duplicate(s); see the data health page or --format json."
        )


@app.command()
def forecast(
    sales: Annotated[
        Path | None,
        typer.Option(help="A sales export with product lines (CSV, Excel, JSON, ...).", exists=True),
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Where to write the product forecasts (CSV).")] = None,
    business: Annotated[str | None, typer.Option(help="Key of a business: forecast its sales.")] = None,
    horizon: Annotated[int, typer.Option(help="How many periods to forecast.", min=1)] = 8,
    freq: Annotated[str, typer.Option(help="day, week or month.")] = "week",
    currency: Annotated[str, typer.Option(help="Currency of amounts that do not say.")] = "EUR",
    country: Annotated[
        str | None, typer.Option(help="Country: dates and numbers in the file, and public holidays.")
    ] = None,
    time_zone: Annotated[str, typer.Option(help="Time zone of times that do not say.")] = "UTC",
    output: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Forecast demand per product from a sales export (engine only: no database, no server)."""
    from rung.engine.forecast import FREQS, ForecastConfig
    from rung.engine.forecast import forecast as run_forecast
    from rung.engine.ingest.pipeline import Context, run_import
    from rung.engine.ingest.types import IngestError

    if freq not in FREQS or output not in ("text", "json"):
        console.print(f"[red]--freq is one of {', '.join(FREQS)}; --format is text or json.[/]")
        raise typer.Exit(2)
    if business is not None:
        _forecast_business(business, freq, horizon, out)
        return
    if sales is None or out is None:
        console.print("[red]Give --sales FILE and --out FILE, or --business KEY.[/]")
        raise typer.Exit(2)
    try:
        result = run_import([sales], Context(currency, country, time_zone), store=None, batch=None)
    except IngestError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    lines = result.frames.get("sale_lines")
    if lines is None or lines.height == 0:
        console.print(f"[red]Rung found no sale lines in {sales.name}; `rung import --dry-run` shows why.[/]")
        raise typer.Exit(1)
    understood = _understood_sales(sales, lines)
    progress_console.print(
        f"{sales.name}: {understood['rows']} sale lines, {understood['products']} products, "
        f"from {understood['first']} to {understood['last']}"
    )
    with _progress_bar() as bar:
        task = bar.add_task("Forecasting", total=100)
        made = run_forecast(
            lines,
            ForecastConfig(freq=freq, horizon=horizon, country=country),
            progress=lambda pct, msg: bar.update(task, completed=pct, description=msg),
        )
    rows = made.forecasts.filter(pl.col("level") == "product").select(
        pl.col("key").alias("product_id"), "period_start", "forecast", "lo_80", "hi_80", "lo_95", "hi_95"
    )
    rows.write_csv(out)
    report = {**understood, "freq": freq, "horizon": horizon, "out": str(out), "rows_written": rows.height}
    done = f"Wrote {rows.height} rows ({rows.get_column('product_id').n_unique()} products) to {out}."
    _finish(output, report, done, made.summary, made.notes)


def _forecast_business(key: str, freq: str, horizon: int, out: Path | None) -> None:
    """Run the business's forecast job here (as its first owner) and keep it, as the web app does."""
    _web()
    from rung.web.forecasts.actions import frames, latest

    found, owner = _business_and_owner(key)
    _run_job_here(found, owner, "forecast", {"freq": freq, "horizon": horizon}, "Forecasting")
    run = latest(found)
    assert run is not None
    _print_kept(run.summary["accuracy"], run.summary.get("notes", []) + run.summary.get("advice", []))
    if out is not None:
        kept = frames(owner, found, run)["forecasts"].filter(pl.col("level") == "product")
        kept.select(
            pl.col("key").alias("product_id"), "period_start", "forecast", "lo_80", "hi_80", "lo_95", "hi_95"
        ).write_csv(out)
        console.print(f"Wrote the product forecasts to {out}.")


CUSTOMER_CSV_COLUMNS = (
    "customer_id",
    "segment",
    "recency_days",
    "frequency",
    "monetary",
    "churn_probability",
    "expected_purchases_90d",
    "clv_12m",
)


@app.command()
def customers(
    sales: Annotated[
        Path | None,
        typer.Option(help="A sales export with a customer per line (CSV, Excel, JSON, ...).", exists=True),
    ] = None,
    out: Annotated[Path | None, typer.Option(help="Where to write one row per customer (CSV).")] = None,
    customer_list: Annotated[
        Path | None,
        typer.Option(
            "--customers", help="A customer list, for contact details and marketing consent.", exists=True
        ),
    ] = None,
    business: Annotated[str | None, typer.Option(help="Key of a business: analyse its customers.")] = None,
    currency: Annotated[str, typer.Option(help="Currency of amounts that do not say.")] = "EUR",
    country: Annotated[str | None, typer.Option(help="Country, for dates and numbers in the file.")] = None,
    time_zone: Annotated[str, typer.Option(help="Time zone of times that do not say.")] = "UTC",
    output: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Customer segments, churn probability and value per customer from a sales export (engine only)."""
    from rung.engine.customers import analyse
    from rung.engine.ingest.pipeline import Context, run_import
    from rung.engine.ingest.types import IngestError

    if output not in ("text", "json"):
        console.print("[red]--format is text or json.[/]")
        raise typer.Exit(2)
    if business is not None:
        _customers_of_business(business, out)
        return
    if sales is None or out is None:
        console.print("[red]Give --sales FILE and --out FILE, or --business KEY.[/]")
        raise typer.Exit(2)
    context = Context(currency, country, time_zone)
    try:
        result = run_import([sales], context, store=None, batch=None)
        listed = run_import([customer_list], context, store=None, batch=None) if customer_list else None
    except IngestError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    lines = result.frames.get("sale_lines")
    if lines is None or lines.height == 0:
        console.print(f"[red]Rung found no sale lines in {sales.name}; `rung import --dry-run` shows why.[/]")
        raise typer.Exit(1)
    people = (listed.frames if listed else result.frames).get("customers")
    if customer_list is not None and people is None:
        console.print(
            f"[red]Rung found no customers in {customer_list.name}; `rung import --dry-run` shows why.[/]"
        )
        raise typer.Exit(1)
    understood = _understood_sales(sales, lines)
    understood["customers"] = lines.get_column("customer_id").drop_nulls().n_unique()
    progress_console.print(
        f"{sales.name}: {understood['rows']} sale lines, {understood['customers']} customers, "
        f"{understood['products']} products, from {understood['first']} to {understood['last']}"
        + (
            f"; {customer_list.name}: {people.height} customers"
            if customer_list and people is not None
            else ""
        )
    )
    with _progress_bar() as bar:
        task = bar.add_task("Analysing customers", total=100)
        made = analyse(
            lines, people, progress=lambda pct, msg: bar.update(task, completed=pct, description=msg)
        )
    rows = made.customers.select(CUSTOMER_CSV_COLUMNS)
    rows.write_csv(out)
    report = {
        **understood,
        "out": str(out),
        "rows_written": rows.height,
        "segments": dict(made.segments.select("segment", "customers").iter_rows()),
    }
    _finish(output, report, f"Wrote {rows.height} customers to {out}.", made.summary, made.notes)


def _print_kept(summary: dict[str, Any], notes: list[dict[str, Any]]) -> None:
    """A stored run's summary and notes (kept as Note dicts in its row), as the terminal shows them."""
    from rung.engine.messages import from_dict

    console.print(f"[bold]{from_dict(summary)}[/]")
    for note in notes:
        console.print(f"[dim]{from_dict(note)}[/]")


def _finish(output: str, report: dict[str, Any], done: str, summary: str, notes: list[Note]) -> None:
    """A capability's result on the terminal: the JSON report, or what was written and the notes."""
    if output == "json":
        report = report | {"summary": str(summary), "notes": [str(n) for n in notes]}
        typer.echo(json.dumps(report, ensure_ascii=False, indent=2))
        return
    console.print(done)
    console.print(f"[bold]{summary}[/]")
    for note in notes:
        console.print(f"[dim]{note}[/]")


def _customers_of_business(key: str, out: Path | None) -> None:
    """Run the business's customer analysis job here (as its first owner) and keep it, as the web app does."""
    _web()
    from rung.web.customers.actions import frames, latest

    found, owner = _business_and_owner(key)
    _run_job_here(found, owner, "customers", {}, "Analysing customers")
    run = latest(found)
    assert run is not None
    _print_kept(run.summary["summary"], run.summary.get("notes", []))
    if out is not None:
        kept = frames(owner, found, run)["customers"].select(CUSTOMER_CSV_COLUMNS)
        kept.write_csv(out)
        console.print(f"Wrote {kept.height} customers to {out}.")


FEEDBACK_FIELDS = (
    "feedback_id",
    "timestamp",
    "source",
    "score",
    "score_scale_max",
    "title",
    "text",
    "language",
    "reply",
)


@app.command()
def feedback(
    file: Annotated[
        Path | None,
        typer.Argument(help="A reviews or survey export (CSV, Excel, JSON, ...).", exists=True),
    ] = None,
    out: Annotated[
        Path | None, typer.Option(help="Where to write every row with language, sentiment and aspects (CSV).")
    ] = None,
    business: Annotated[str | None, typer.Option(help="Key of a business: analyse its reviews.")] = None,
    output: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """Language, sentiment with a score and aspects for every review or survey answer (engine only
    for a FILE: every row of the file comes back, in order, with the added columns)."""
    from rung.engine.feedback import analyse, insights
    from rung.engine.ingest.types import IngestError

    if output not in ("text", "json"):
        console.print("[red]--format is text or json.[/]")
        raise typer.Exit(2)
    if business is not None:
        _feedback_of_business(business, out)
        return
    if file is None or out is None:
        console.print("[red]Give FILE and --out FILE, or --business KEY.[/]")
        raise typer.Exit(2)
    try:
        rows, canonical, used = _feedback_rows(file)
    except IngestError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    progress_console.print(
        f"{file.name}: {rows.height} rows; "
        + ", ".join(f"{field} from {header!r}" for field, header in used.items())
    )
    with _progress_bar() as bar:
        task = bar.add_task("Reading the comments", total=100)
        made = analyse(canonical, progress=lambda pct, msg: bar.update(task, completed=pct, description=msg))
    comments = insights.scored(canonical, made)
    added = insights.for_csv(comments, made.mentions).select(insights.ADDED_COLUMNS)
    clash = {c: f"{c} (rung)" for c in added.columns if c in rows.columns}
    pl.concat([rows, added.rename(clash)], how="horizontal").write_csv(out)
    languages = dict(
        comments.group_by("language").len().sort(["len", "language"], descending=[True, False]).rows()
    )
    report = {
        "file": file.name,
        "rows": rows.height,
        "columns": used,
        "out": str(out),
        "rows_written": rows.height,
        "languages": languages,
        "sentiments": dict(comments.group_by("sentiment").len().drop_nulls("sentiment").rows()),
    }
    _finish(output, report, f"Wrote {rows.height} rows to {out}.", made.summary, made.notes)


def _feedback_rows(path: Path) -> tuple[pl.DataFrame, pl.DataFrame, dict[str, str]]:
    """The file's rows as read (every data row, in order, under its own headers), the same rows
    as canonical feedback for the engine, and which header each field came from.

    Read and recognised by the import's reader and mapper, but nothing is parsed away or set
    aside (as `rung dedupe` does): a scored file must hold every row the owner gave."""
    from rung.engine.ingest.mapping import classify_and_map
    from rung.engine.ingest.read import read_file
    from rung.engine.ingest.types import IngestError

    tables = read_file(path)
    if not tables:
        raise IngestError(f"{path.name}: no table found.")
    table = max(tables, key=lambda t: t.rows)
    guess = classify_and_map(table.headers, table.data.head(500), path.stem)
    used: dict[str, str] = {}
    columns: dict[str, pl.Expr] = {}
    for match in guess.columns:
        if match.target in FEEDBACK_FIELDS and match.target not in columns:
            columns[match.target] = pl.col(f"c{match.position}")
            used[match.target] = table.headers[match.position]
    if "text" not in columns and "title" not in columns and "score" not in columns:
        raise IngestError(
            f"{path.name}: no column was recognised as a review text, title or rating. "
            "Give the columns clear headers (Review, Rating, Date)."
        )
    data = table.data
    canonical = data.select(
        pl.int_range(1, data.height + 1).cast(pl.String).alias("feedback_id"),
        *[
            columns[f].str.strip_chars().alias(f)
            for f in ("title", "text", "language", "reply", "source")
            if f in columns
        ],
        *[
            columns[f].str.replace(",", ".").str.extract(r"(-?\d+(?:\.\d+)?)").cast(pl.Float64).alias(f)
            for f in ("score", "score_scale_max")
            if f in columns
        ],
    )
    if "timestamp" in columns:
        canonical = canonical.with_columns(
            data.select(columns["timestamp"].str.strip_chars().str.to_datetime(strict=False, time_zone="UTC"))
            .to_series()
            .alias("timestamp")
        )
    names: list[str] = []
    for header in table.headers:
        name, n = header or "column", 1
        while name in names:
            n += 1
            name = f"{header or 'column'} ({n})"
        names.append(name)
    rows = data.select([pl.col(f"c{i}").alias(n) for i, n in enumerate(names)])
    return rows, canonical, used


def _feedback_of_business(key: str, out: Path | None) -> None:
    """Run the business's feedback job here (as its first owner) and keep it, as the web app does."""
    _web()
    from rung.web.feedback.actions import latest, scored_table

    found, owner = _business_and_owner(key)
    _run_job_here(found, owner, "feedback", {}, "Analysing reviews")
    run = latest(found)
    assert run is not None
    _print_kept(run.summary["summary"], run.summary.get("notes", []))
    console.print(f"{run.summary.get('to_reply', 0)} reviews wait for a reply.")
    for alert in run.summary.get("alerts", []):
        console.print(
            f"[yellow]Complaints about {alert['aspect']} are rising: {alert['negative']} of "
            f"{alert['mentions']} comments in {alert['month'][:7]} were negative.[/]"
        )
    if out is not None:
        table = scored_table(owner, found, run)
        table.write_csv(out)
        console.print(f"Wrote {table.height} comments to {out}.")


def _understood_sales(path: Path, lines: pl.DataFrame) -> dict[str, Any]:
    """What the import read: rows, products and the first and last sale date."""
    days = lines.get_column("timestamp").dt.date()
    first, last = days.min(), days.max()
    return {
        "file": path.name,
        "rows": lines.height,
        "products": lines.get_column("product_id").n_unique(),
        "first": first.isoformat() if isinstance(first, dt.date) else None,
        "last": last.isoformat() if isinstance(last, dt.date) else None,
    }


@app.command()
def dedupe(
    file: Annotated[
        Path, typer.Argument(help="A customer or product list (CSV, Excel, JSON, ...).", exists=True)
    ],
    out: Annotated[Path, typer.Option(help="Where to write the rows with cluster_id and match_confidence.")],
    link: Annotated[
        Path | None, typer.Option(help="A second file: find the same entities across the two.", exists=True)
    ] = None,
    entity: Annotated[
        str | None, typer.Option(help="customers or products (default: recognised from the columns).")
    ] = None,
) -> None:
    """Find duplicate customers or products; rows judged the same entity share a cluster_id."""
    from rung.engine.ingest.types import IngestError
    from rung.engine.quality.dedupe_file import dedupe_records, link_records, read_records, with_clusters

    if entity not in (None, "customers", "products"):
        console.print("[red]--entity is customers or products.[/]")
        raise typer.Exit(2)
    try:
        left = read_records(file, entity)
        console.print(
            f"{file.name}: {left.table.rows} {left.entity}, comparing "
            + ", ".join(f"{k} ({v})" for k, v in left.used.items())
        )
        if link is None:
            outputs = [(out, with_clusters(left, dedupe_records(left)))]
        else:
            right = read_records(link, left.entity)
            a, b = link_records(left, right)
            second = out.with_name(f"{out.stem}-{link.stem}{out.suffix}")
            outputs = [(out, with_clusters(left, a)), (second, with_clusters(right, b))]
    except IngestError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    for path, frame in outputs:
        frame.write_csv(path)
        shared = frame.filter(pl.col("match_confidence").is_not_null()).height
        console.print(
            f"Wrote {frame.height} rows to {path} ({shared} rows share a cluster with another row)."
        )


ASSESS_FILE_HELP = (
    "Answers as JSON or YAML: {question id: option key}, a list of such (one per person), or "
    '{"answers": ..., "business": {"sector": ..., "employees": ...}}.'
)


@app.command("assess")
def assess_(
    answers: Annotated[Path | None, typer.Option(help=ASSESS_FILE_HELP, exists=True)] = None,
    sector: Annotated[
        str | None, typer.Option(help="retail, hospitality, trades, ... (for the roadmap).")
    ] = None,
    employees: Annotated[int | None, typer.Option(help="People working in the business.", min=1)] = None,
    output: Annotated[str, typer.Option("--format", help="text or json.")] = "text",
) -> None:
    """AI maturity: the rung, scores per dimension, barriers and the top use cases (engine only).

    Without --answers, asks the questions here in the terminal, one at a time.
    """
    from rung.engine.assess import assess
    from rung.engine.assess.data import read_raw

    if output not in ("text", "json"):
        console.print("[red]--format is text or json.[/]")
        raise typer.Exit(2)
    sectors = read_raw("catalogue.json")["sectors"]
    if sector is not None and sector not in sectors:
        console.print(f"[red]--sector is one of {', '.join(sectors)}.[/]")
        raise typer.Exit(2)
    facts: dict[str, Any] = {}
    if answers is not None:
        given, facts = _assessment_file(answers)
    else:
        given = _ask_questions()
    facts |= {k: v for k, v in (("sector", sector), ("employees", employees)) if v is not None}
    try:
        result = assess(given, business_facts=facts or None)
    except ValueError as exc:
        console.print(f"[red]{exc}[/]")
        raise typer.Exit(1) from None
    report = {"level": result.rung, **result.as_dict()}
    summary = f"Rung {result.rung} of 4: {result.scorecard.rung_name}"
    if output == "text":
        _print_assessment(report)
    _finish(output, report, "", summary, list(result.scorecard.notes))


def _assessment_file(path: Path) -> tuple[Any, dict[str, Any]]:
    """The answers (one person's or a list) and the business facts in an answers file."""
    text = path.read_text(encoding="utf-8")
    if path.suffix.lower() in (".yaml", ".yml"):
        try:
            import yaml
        except ImportError:
            console.print(
                "[red]Reading YAML needs PyYAML, which is not installed; give the answers as JSON.[/]"
            )
            raise typer.Exit(2) from None
        data = yaml.safe_load(text)
    else:
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            console.print(f"[red]{path.name} is not valid JSON ({exc}); YAML files end in .yaml or .yml.[/]")
            raise typer.Exit(2) from None
    facts: dict[str, Any] = {}
    if isinstance(data, dict) and "answers" in data:
        facts = dict(data.get("business") or data.get("facts") or {})
        data = data["answers"]
    if isinstance(data, dict) and data:
        return data, facts
    if isinstance(data, list) and data and all(isinstance(d, dict) for d in data):
        return data, facts
    console.print(f"[red]{path.name} holds no answers: expected question id -> option key.[/]")
    raise typer.Exit(2)


def _ask_questions() -> dict[str, Any]:
    """The questionnaire in the terminal: each question with numbered options; Enter skips one."""
    from rung.engine.assess.data import questionnaire, read_raw

    names = {d["id"]: d["name"] for d in read_raw("questions.json")["dimensions"]}
    asked = questionnaire()
    answers: dict[str, Any] = {}
    dimension = None
    console.print(f"{len(asked)} questions. Type the number of your answer; press Enter to skip one.")
    for n, q in enumerate(asked, start=1):
        if q.dimension != dimension:
            dimension = q.dimension
            console.print(f"\n[bold]{names[dimension]}[/]")
        console.print(f"\n{n}. {q.text}")
        if q.help:
            console.print(f"[dim]{q.help}[/]")
        for i, option in enumerate(q.options, start=1):
            console.print(f"   {i}) {option.text}")
        while True:
            raw = typer.prompt("Your answer", default="", show_default=False).strip()
            if raw == "":
                break
            if raw.isdigit() and 1 <= int(raw) <= len(q.options):
                answers[q.id] = q.options[int(raw) - 1].key
                break
            console.print(f"[red]Type a number from 1 to {len(q.options)}, or press Enter to skip.[/]")
    if not answers:
        console.print("[red]No question was answered.[/]")
        raise typer.Exit(1)
    return answers


def _print_assessment(report: dict[str, Any]) -> None:
    table = Table(title="Per dimension")
    table.add_column("Dimension")
    table.add_column("Score", justify="right")
    table.add_column("Level", justify="right")
    table.add_column("Source")
    table.add_column("Confidence")
    for name, d in report["dimensions"].items():
        score = "-" if d["score"] is None else str(d["score"])
        source = d["source"].replace("_", "-")
        table.add_row(name, score, str(d["level"]), source, d["confidence"])
    console.print(table)
    console.print(report["rung_descriptor"])
    if report["barriers"]:
        console.print("\n[bold]Barriers[/]")
        for b in report["barriers"]:
            console.print(f"- {b['name']}: help by {', '.join(h.replace('_', ' ') for h in b['help'])}")
    console.print("\n[bold]Top use cases[/]")
    for i, u in enumerate(report["top_use_cases"], start=1):
        console.print(
            f"{i}. {u['title']} (score {u['priority']}): {u['value_text']} "
            f"Option: {u['model_option'].replace('_', ' ')}."
        )
    console.print()


if __name__ == "__main__":
    app()
