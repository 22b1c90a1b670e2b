"""The figures as printed: a) the page's throughput, b) the PDF's render time, each against its target."""

import os
import time

from . import TARGET_PAGE_RATIO, TARGET_PDF_RATIO, WORKERS


def report(page: dict, pdf: dict, tool: str, strategy) -> str:
    bare = page["bare"]["rps"]
    rows = [
        ("bare Django view (/bench/bare)", page["bare"], None),
        ("public strategy page (anonymous, cached)", page["public"], TARGET_PAGE_RATIO),
        ("same, Redis only (no per-process copy)", page["redis_only"], None),
    ]
    if "revalidate" in page:
        rows.append(("same, revalidated (If-None-Match, 304)", page["revalidate"], None))
    rows.append(("same, cold (a cache miss every request)", page["cold"], None))
    rows.append(("same page signed in (rendered every time)", page["signed_in"], None))
    header = (
        f"HWB Portal bench, {time.strftime('%Y-%m-%d %H:%M')}, {os.cpu_count()} CPUs, "
        f"gunicorn {WORKERS} sync workers, load from {tool}"
    )
    if page["busy_before"] is not None:
        header += f"; other programs used {page['busy_before']:.0%} of the CPUs just before"
    lines = [
        "",
        header,
        f"Strategy: {strategy.board.name}: {strategy.title} ({page['page']}, {page['page_bytes']:,} bytes)",
        "",
        f"{'a) Throughput':<44}{'req/s':>9}{'vs bare':>9}{'p50':>10}{'p99':>10}  target",
    ]
    for label, figures, target in rows:
        ratio = figures["rps"] / bare if bare else 0
        verdict = ""
        if target is not None:
            verdict = f">= {target}: {'met' if ratio >= target else 'NOT MET'}"
        latency = f"{figures['p50_ms']:>8.1f}ms{figures['p99_ms']:>8.1f}ms"
        lines.append(f"{label:<44}{figures['rps']:>9.0f}{ratio:>9.2f}{latency}  {verdict}")
        if figures["bad_responses"] or figures["socket_errors"]:
            lines.append(
                f"    ! {figures['bad_responses']} error responses, {figures['socket_errors']} socket errors"
            )
    by_round = ", ".join(f"{ratio:.2f}" for ratio in page["ratios_by_round"])
    lines.append(f"    public page / bare, round by round: {by_round}")
    if page["busy_before"] is not None and page["busy_before"] > 0.2:
        lines.append(
            f"    ! Other programs were using {page['busy_before']:.0%} of the CPUs just before: "
            "these throughput figures are not reliable. Run it again on a quiet machine."
        )
    verdict = "met" if pdf["ratio"] <= TARGET_PDF_RATIO else "NOT MET"
    lines += [
        "",
        f"b) PDF ({pdf['pages']} pages, HTML {pdf['html_kb']} KB, PDF {pdf['pdf_kb']} KB), best of "
        f"{len(pdf['ours_all_s'])} after a warm-up",
        f"{'WeasyPrint alone (HTML.write_pdf, pdf/ua-1)':<44}{pdf['plain_s']:>8.3f} s"
        f"   ({pdf['plain_s'] / pdf['pages'] * 1000:.0f} ms a page)",
        f"{'our pipeline (core.tasks.render_document)':<44}{pdf['ours_s']:>8.3f} s"
        f"   ratio {pdf['ratio']:.2f}, target <= {TARGET_PDF_RATIO}: {verdict}",
        f"    every run, ours: {', '.join(f'{t:.3f}' for t in pdf['ours_all_s'])}; "
        f"WeasyPrint alone: {', '.join(f'{t:.3f}' for t in pdf['plain_all_s'])}",
        f"    our path outside WeasyPrint (HTML, progress, storing the file): "
        f"{pdf['outside_weasyprint_s'] * 1000:.0f} ms a render",
        "",
    ]
    if tool.startswith("python"):
        lines.append(
            "Note: measured with the Python load generator, not wrk. It shares the CPUs and the GIL, "
            "so its figures are lower and the ratio is less reliable than wrk's."
        )
    return "\n".join(lines)
