//! `vpcsim explain CODE`: print a rule's documentation (the same text as docs/rules/CODE.md).
//! Validation and other non-rule codes (`VAL071`, `SCHEMA001`, `EXPECT001`, …) print their entry
//! of `vpcsim_model::codes`; the explanation codes of `reach` answers (`NO_PATH`,
//! `EIGW_UNSOLICITED_INBOUND`, …) print their meaning and where docs/reach.md lists them. An
//! unknown code suggests the closest one and fails with exit 2.

use std::io::Write;
use std::process::ExitCode;

use vpcsim_model::diagnostic::did_you_mean;

/// Arguments of `vpcsim explain`.
#[derive(Debug, clap::Args)]
pub(crate) struct Args {
    /// A rule code (`SG001`) or name (`blackhole-route`), another code (`VAL071`, `POL001`), or a
    /// reach explanation code (`NO_PATH`).
    #[arg(value_name = "CODE")]
    code: String,
    /// Output format.
    #[arg(long, value_enum, default_value_t = crate::commands::rules::Format::Human)]
    format: crate::commands::rules::Format,
}

pub(crate) fn run(args: Args, out: &mut dyn Write) -> anyhow::Result<ExitCode> {
    let rule =
        vpcsim_lint::rule_by_code(&args.code).or_else(|| vpcsim_lint::rule_by_name(&args.code));
    let code_doc = vpcsim_model::codes::code_doc(&args.code);
    let reach_code = vpcsim_reach::Code::ALL
        .iter()
        .copied()
        .find(|code| code.as_str().eq_ignore_ascii_case(args.code.trim()));
    if let (None, None, Some(code)) = (rule, code_doc, reach_code) {
        let meaning = crate::render::lang::blocker_meaning(code.as_str())
            .map_or("", |msg| msg.text(crate::render::lang::Lang::En));
        let origin = if code.is_reachability_analyzer() {
            "AWS Reachability Analyzer has an explanation code of this name"
        } else {
            "vpcsim's own code: Reachability Analyzer has none of this name"
        };
        match args.format {
            crate::commands::rules::Format::Human => writeln!(
                out,
                "# {}

{}.

An explanation code of `vpcsim reach` and `expect:` answers: it names the setting that blocks a path ({origin}). The answer's `blocked_by` entry says where and how to fix it; docs/reach.md, \"Explanation codes\", lists every code.",
                code.as_str(),
                capitalise(meaning),
            )?,
            crate::commands::rules::Format::Json => {
                serde_json::to_writer_pretty(
                    &mut *out,
                    &serde_json::json!({
                        "code": code.as_str(),
                        "summary": meaning,
                        "reachability_analyzer": code.is_reachability_analyzer(),
                        "rule": false,
                    }),
                )?;
                writeln!(out)?;
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    match rule {
        Some(rule) => {
            match args.format {
                crate::commands::rules::Format::Human => write!(out, "{}", rule.meta.doc_page())?,
                crate::commands::rules::Format::Json => {
                    let rule = crate::commands::rules::JsonRule::new(&rule.meta, true);
                    serde_json::to_writer_pretty(&mut *out, &rule)?;
                    writeln!(out)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        None if code_doc.is_some() => {
            let doc = code_doc.unwrap_or(&vpcsim_model::codes::CODES[0]);
            match args.format {
                crate::commands::rules::Format::Human => writeln!(
                    out,
                    "# {}\n\nDefault severity: {}.\n\n{}.\n\nFix: {}.\n\nNot a lint rule: it comes from loading, validation or `vpcsim check` itself (docs/yaml-reference.md, \"Errors\").",
                    doc.code,
                    doc.severity,
                    capitalise(doc.summary),
                    doc.fix
                )?,
                crate::commands::rules::Format::Json => {
                    serde_json::to_writer_pretty(
                        &mut *out,
                        &serde_json::json!({
                            "code": doc.code,
                            "severity": doc.severity,
                            "summary": doc.summary,
                            "fix": doc.fix,
                            "rule": false,
                        }),
                    )?;
                    writeln!(out)?;
                }
            }
            Ok(ExitCode::SUCCESS)
        }
        None => {
            let upper = args.code.to_ascii_uppercase();
            let candidates = vpcsim_lint::rules()
                .iter()
                .flat_map(|rule| [rule.meta.code, rule.meta.name])
                .chain(vpcsim_model::codes::CODES.iter().map(|doc| doc.code))
                .chain(vpcsim_reach::Code::ALL.iter().map(|code| code.as_str()));
            let suggestion = did_you_mean(&upper, candidates.clone())
                .or_else(|| did_you_mean(&args.code, candidates))
                .map(|s| format!(" (did you mean `{s}`?)"))
                .unwrap_or_default();
            anyhow::bail!(
                "unknown code `{}`{suggestion}; `vpcsim rules` lists the lint rules, docs/yaml-reference.md the others",
                args.code
            )
        }
    }
}

/// The first letter in upper case.
fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
