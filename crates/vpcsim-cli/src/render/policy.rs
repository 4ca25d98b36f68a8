//! Human output of policy verdict changes (`vpcsim diff`, docs/policies.md).

use std::io::Write;

use super::style::Style;
use crate::policies::VerdictChange;

/// `policy `ID` (KIND): holds → violated` and the evidence of the violated side.
pub(crate) fn write_change(
    out: &mut dyn Write,
    change: &VerdictChange,
    style: Style,
) -> anyhow::Result<()> {
    let paint = if change.new == "violated" {
        style.error()
    } else {
        style.warning()
    };
    writeln!(
        out,
        "{}: `{}` ({}) {} → {}",
        paint.paint("policy"),
        change.id,
        change.kind,
        change.old,
        change.new
    )?;
    for line in &change.evidence {
        writeln!(out, "  {line}")?;
    }
    Ok(())
}
