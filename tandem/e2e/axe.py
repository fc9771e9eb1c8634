"""axe-core in the page: WCAG 2.0 and 2.1, levels A and AA, and a failure message that says what to fix."""

from pathlib import Path
from typing import Any

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

_RUN_AXE = """
async (tags) => {
  const results = await axe.run(document, {
    runOnly: {type: "tag", values: tags},
    resultTypes: ["violations"],
  });
  return results.violations.map((violation) => ({
    id: violation.id,
    impact: violation.impact,
    help: violation.help,
    helpUrl: violation.helpUrl,
    nodes: violation.nodes.map((node) => ({
      target: node.target.map(String).join(" "),
      html: node.html,
      summary: node.failureSummary,
    })),
  }));
}
"""


def axe_violations(page: Any, axe_script: Path) -> list[dict[str, Any]]:
    """Inject axe-core into the page as it is now and return its WCAG 2.1 A/AA violations.

    Only the WCAG tags run, so best-practice rules (which are not conformance failures) stay out.
    """
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(axe_script))
    return page.evaluate(_RUN_AXE, WCAG_TAGS)


def format_violations(violations: list[dict[str, Any]], url: str = "") -> str:
    lines = [f"{len(violations)} accessibility violation(s) (axe-core, WCAG 2.1 A/AA) on {url}:"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} [{violation['impact']}]: {violation['help']} ({violation['helpUrl']})"
        )
        for node in violation["nodes"][:10]:
            lines.append(f"    at {node['target']}: {node['html'][:200]}")
            for detail in (node.get("summary") or "").splitlines()[1:3]:
                lines.append(f"      {detail.strip()}")
        if len(violation["nodes"]) > 10:
            lines.append(f"    ... and {len(violation['nodes']) - 10} more")
    return "\n".join(lines)


def assert_no_axe_violations(page: Any, axe_script: Path) -> None:
    violations = axe_violations(page, axe_script)
    assert not violations, format_violations(violations, page.url)
