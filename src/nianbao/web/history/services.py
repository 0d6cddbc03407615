"""The history import: stage the uploads, read and match them (the dry run), store them on confirmation.

Nothing is stored as a report before the supervisor confirms, and the confirmation stores every accepted
document or none: one transaction, and the files it saved are removed again when it fails.
"""

from __future__ import annotations

import datetime as dt
import shutil
import threading
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import close_old_connections, connection, transaction
from django.db.models import Q
from django.utils import timezone

from nianbao.forms import get_template, template_for_year
from nianbao.io.batch import Document, ReadDocument, documents_from, read_documents
from nianbao.web.history.matching import Registry
from nianbao.web.history.models import ImportBatch, ImportedSource
from nianbao.web.registry.models import Region, Website
from nianbao.web.reporting.models import (
    Report,
    ReportingPeriod,
    ReportValue,
    Revision,
    State,
    Transition,
    default_deadline,
)
from nianbao.web.reporting.services.base import WorkflowError, send

OK, UNREADABLE, UNMATCHED, DUPLICATE, EXISTS = "ok", "unreadable", "unmatched", "duplicate", "exists"
STATUS_LABELS = {
    OK: "可导入",
    UNREADABLE: "无法读取",
    UNMATCHED: "未匹配",
    DUPLICATE: "重复",
    EXISTS: "已有报表",
}
PROGRESS_EVERY = 10
# Uploads of a batch nobody confirmed are removed after this many days.
STAGING_DAYS = 7


def staging_dir(batch: ImportBatch) -> Path:
    return Path(settings.MEDIA_ROOT) / "history-staging" / str(batch.key)


def start(
    region: Region,
    user: Any,
    uploads: list[tuple[str, bytes]],
    list_publicly: bool,
    background: bool | None = None,
) -> ImportBatch:
    """Stage the uploads (zips opened through the guarded reader) and start the dry run.

    `background` (default: the NIANBAO_HISTORY_IMPORT_THREAD setting) reads in a thread, so the page can
    show progress; otherwise the dry run is done when this returns.
    """
    purge_stale()
    documents, refused = documents_from(uploads)
    batch = ImportBatch.objects.create(
        region=region, created_by=user, list_publicly=list_publicly, total=len(documents) + len(refused)
    )
    folder = staging_dir(batch)
    folder.mkdir(parents=True, exist_ok=True)
    for n, document in enumerate(documents):
        (folder / f"{n:05d}").write_bytes(document.data)
    (folder / "names.txt").write_text("\n".join(d.name for d in documents), encoding="utf-8")
    batch.results = [_entry(r, UNREADABLE, r.error) for r in refused]
    batch.save(update_fields=["results"])
    if background is None:
        background = getattr(settings, "NIANBAO_HISTORY_IMPORT_THREAD", True)
    if background:
        # Reading hundreds of files takes a while: the page shows progress while a thread reads them.
        threading.Thread(target=_run_in_thread, args=(batch.pk,), daemon=True).start()
    else:
        dry_run(batch.pk)
    return batch


def purge_stale(days: int = STAGING_DAYS) -> int:
    """Remove the staged uploads of batches left unconfirmed for `days` days; return how many."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    stale = ImportBatch.objects.filter(created_at__lt=cutoff).exclude(status=ImportBatch.Status.CONFIRMED)
    count = 0
    for batch in stale.exclude(status=ImportBatch.Status.FAILED, message__startswith="暂存"):
        shutil.rmtree(staging_dir(batch), ignore_errors=True)
        count += 1
    message = f"暂存的文件超过 {days} 天未确认，已清理，请重新上传"
    stale.update(status=ImportBatch.Status.FAILED, message=message)
    return count


def _run_in_thread(batch_id: int) -> None:
    close_old_connections()
    try:
        dry_run(batch_id)
    finally:
        connection.close()


def _staged(batch: ImportBatch) -> list[Document]:
    folder = staging_dir(batch)
    names = (folder / "names.txt").read_text(encoding="utf-8").split("\n")
    names = [n for n in names if n]
    return [Document(name, (folder / f"{n:05d}").read_bytes()) for n, name in enumerate(names)]


def dry_run(batch_id: int) -> None:
    """Read every staged document, match it to a website and judge it; store the results in the batch."""
    batch = ImportBatch.objects.select_related("region", "created_by").get(pk=batch_id)
    try:
        documents = _staged(batch)
        before = len(batch.results)

        def progress(done: int) -> None:
            if done % PROGRESS_EVERY == 0 or done == len(documents):
                ImportBatch.objects.filter(pk=batch_id).update(done=before + done)

        read = read_documents(documents, workers=2, progress=progress)
        batch.results = batch.results + judge(batch, read, [f"{n:05d}" for n in range(len(documents))])
        batch.status = ImportBatch.Status.READY
        batch.done = batch.total
    except Exception as exc:  # the page must say the batch failed rather than spin for ever
        batch.status = ImportBatch.Status.FAILED
        batch.message = f"读取失败（{type(exc).__name__}），请重新上传"
    batch.save(update_fields=["results", "status", "done", "message"])


def _entry(read: ReadDocument, status: str, reason: str = "", **extra: Any) -> dict[str, Any]:
    entry = {
        "name": read.name,
        "sha256": read.sha256,
        "size": read.size,
        "status": status,
        "reason": reason,
        "year": read.year,
        "template": read.template_id,
        "region": read.region,
        "identity": read.identity,
        "findings": read.findings,
        "values": read.values if status == OK else {},
        "cpu_seconds": round(read.cpu_seconds, 4),
    }
    return entry | extra


def judge(batch: ImportBatch, read: list[ReadDocument], staged: list[str]) -> list[dict[str, Any]]:
    """Return each document's entry: matched and new (ok), or unreadable, unmatched, duplicate, existing."""
    websites = list(
        Website.objects.for_user(batch.created_by)
        .filter(region__path__startswith=batch.region.path)
        .select_related("region")
    )
    registry = Registry(websites)
    seen_hash: dict[str, str] = {}
    seen_site_year: dict[tuple[int, int], str] = {}
    years = {r.year for r in read if r.year}
    existing = {
        (site, year): state
        for site, year, state in Report.unscoped.filter(
            website__in=websites, period__year__in=years
        ).values_list("website_id", "period__year", "state")
    }
    entries = []
    for document, stage in zip(read, staged, strict=True):
        if document.error:
            entries.append(_entry(document, UNREADABLE, document.error))
            continue
        if document.year is None:
            entries.append(_entry(document, UNREADABLE, "没有读出报表年度（如“（2024年度）”），无法导入"))
            continue
        match = registry.match(document.identity)
        site = match.website
        extra = {
            "staged": stage,
            "website": site.pk if site else None,
            "website_name": site.name if site else "",
        }
        extra["matched_by"] = match.by
        if site is None:
            entries.append(_entry(document, UNMATCHED, match.reason, **extra))
        elif document.sha256 in seen_hash:
            entries.append(
                _entry(document, DUPLICATE, f"与“{seen_hash[document.sha256]}”内容完全相同", **extra)
            )
        elif (site.pk, document.year) in seen_site_year:
            first = seen_site_year[(site.pk, document.year)]
            reason = f"与“{first}”是同一网站的同一年度（{document.year}年度）"
            entries.append(_entry(document, DUPLICATE, reason, **extra))
        elif (site.pk, document.year) in existing:
            state = State(existing[(site.pk, document.year)]).label
            reason = f"{site.name} 的 {document.year} 年度报表已在系统中（{state}），不再导入"
            entries.append(_entry(document, EXISTS, reason, **extra))
        else:
            entries.append(_entry(document, OK, **extra))
        seen_hash.setdefault(document.sha256, document.name)
        if site is not None:
            seen_site_year.setdefault((site.pk, document.year), document.name)
    return entries


def confirm(batch: ImportBatch, user: Any) -> int:
    """Store every importable document as a published report of its year, marked imported; all or nothing."""
    if batch.status != ImportBatch.Status.READY:
        raise WorkflowError("这批文件不在待确认状态，不能导入")
    accepted = [e for e in batch.results if e["status"] == OK]
    if not accepted:
        raise WorkflowError("这批文件中没有可以导入的报表")
    if not all((staging_dir(batch) / e["staged"]).exists() for e in accepted):
        raise WorkflowError("上传的文件已不在暂存区（超过保留期限已清理），请重新上传后再导入")
    saved: list[ImportedSource] = []
    files: list[Any] = []  # every file written, so a failure removes them with the rolled-back rows
    try:
        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if locked.status != ImportBatch.Status.READY:
                raise WorkflowError("这批文件已经导入过了")
            for entry in accepted:
                saved.append(_store(locked, entry, user, files))
            locked.status = ImportBatch.Status.CONFIRMED
            locked.save(update_fields=["status"])
    except Exception:
        for file in files:
            file.delete(save=False)
        raise
    shutil.rmtree(staging_dir(batch), ignore_errors=True)
    for source in saved:
        send(source.report, "import", user, "ok", {"sha256": source.sha256, "file": source.original_name})
    return len(saved)


def _period(region: Region, website: Website, year: int, template_id: str, user: Any) -> ReportingPeriod:
    """Return the period of `year` covering the website, opening one (for the past year) when none does."""
    ancestors = [website.region.path[: i + 1] for i, ch in enumerate(website.region.path) if ch == "/"]
    covering = ReportingPeriod.objects.filter(year=year, region__path__in=ancestors).first()
    if covering is not None:
        return covering
    for candidate in (region, website.region):
        up = [candidate.path[: i + 1] for i, ch in enumerate(candidate.path) if ch == "/"]
        clash = ReportingPeriod.objects.filter(year=year).filter(
            Q(region__path__startswith=candidate.path) | Q(region__path__in=up)
        )
        if not clash.exists():
            try:
                template_id = template_for_year(year).id
            except KeyError:
                get_template(template_id)
            return ReportingPeriod.objects.create(
                region=candidate,
                year=year,
                template_id=template_id,
                deadline=default_deadline(year),
                opened_by=user,
            )
    raise WorkflowError(f"{website.name}：{year} 年度的填报范围与已开启的年度交叉，无法导入")


def _published_at(values: dict[str, Any]) -> dt.datetime:
    text = values.get("basic.publish_date")
    try:
        day = dt.date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:
        day = None
    if day is None:
        return timezone.now()
    return timezone.make_aware(dt.datetime.combine(day, dt.time(12)))


def _store(batch: ImportBatch, entry: dict[str, Any], user: Any, files: list[Any]) -> ImportedSource:
    website = Website.unscoped.select_related("region").get(pk=entry["website"])
    period = _period(batch.region, website, entry["year"], entry["template"], user)
    template = period.template
    values = {k: v for k, v in entry["values"].items() if v is not None and template.has_item(k)}
    listed = batch.list_publicly
    published_at = _published_at(values)
    url = values.get("basic.publish_url") if isinstance(values.get("basic.publish_url"), str) else ""
    report = Report.unscoped.create(
        period=period,
        website=website,
        state=State.PUBLISHED,
        lock_version=1,
        started_at=timezone.now(),
        published_at=published_at if listed else None,
        public_url=(url or "")[:300] if listed else "",
    )
    ReportValue.objects.bulk_create(
        ReportValue(report=report, key=k, data=v, raw="", updated_by=user) for k, v in values.items()
    )
    Revision.objects.create(
        report=report,
        number=1,
        created_by=user,
        published_at=published_at if listed else None,
        public_url=(url or "")[:300] if listed else "",
        snapshot=values,
    )
    Transition.objects.create(
        report=report,
        action="import",
        from_state=State.DRAFT,
        to_state=State.PUBLISHED,
        revision=1,
        actor=user,
        reason=f"导入已公开的历年报表：{entry['name']}",
        detail={"sha256": entry["sha256"], "matched_by": entry["matched_by"], "batch": str(batch.key)},
    )
    name = Path(entry["name"]).name
    source = ImportedSource(
        report=report,
        batch=batch,
        original_name=name[:255],
        extension=Path(name).suffix.lower()[:10],
        sha256=entry["sha256"],
        size=entry["size"],
        matched_by=entry["matched_by"],
        listed=listed,
    )
    data = (staging_dir(batch) / entry["staged"]).read_bytes()
    source.file.save(f"{entry['sha256']}{source.extension}", ContentFile(data), save=False)
    files.append(source.file)
    source.save()
    return source
