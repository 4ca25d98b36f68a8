//! Normalising AWS and Terraform spellings of protocols and ports to the design vocabulary.
//!
//! AWS writes protocols as `-1`, `tcp`, `6`, `icmp`, `1`… and Terraform additionally as `all`
//! (docs/import.md). The design file uses `tcp`, `udp`, `icmp`, `icmpv6`,
//! `all` or a number. Ports are a single number, `from-to`, or `all` for the whole range.

use vpcsim_model::schema::NumOrText;

/// The design spelling of a protocol.
pub(crate) fn protocol(raw: &str) -> NumOrText {
    let lower = raw.trim().to_ascii_lowercase();
    let name = match lower.as_str() {
        "-1" | "all" | "" => "all",
        "tcp" | "6" => "tcp",
        "udp" | "17" => "udp",
        "icmp" | "1" => "icmp",
        "icmpv6" | "58" => "icmpv6",
        other => {
            return match other.parse::<i64>() {
                Ok(number) => NumOrText::Num(number),
                Err(_) => NumOrText::Text(other.to_owned()),
            };
        }
    };
    NumOrText::Text(name.to_owned())
}

/// Whether a normalised protocol carries ports (tcp/udp).
pub(crate) fn has_ports(proto: &NumOrText) -> bool {
    matches!(proto, NumOrText::Text(name) if name == "tcp" || name == "udp")
}

/// Whether a normalised protocol is ICMP (v4 or v6).
pub(crate) fn is_icmp(proto: &NumOrText) -> bool {
    matches!(proto, NumOrText::Text(name) if name == "icmp" || name == "icmpv6")
}

/// The design spelling of a port range: `22`, `8081-8082` or `all`.
pub(crate) fn ports(from: Option<i64>, to: Option<i64>) -> Option<NumOrText> {
    match (from, to) {
        (None, None) => Some(NumOrText::Text("all".to_owned())),
        (Some(from), None) | (None, Some(from)) => Some(NumOrText::Num(from)),
        (Some(from), Some(to)) => {
            if (from <= 0 || from == -1) && (to == 65535 || to == -1) {
                Some(NumOrText::Text("all".to_owned()))
            } else if from == to {
                Some(NumOrText::Num(from))
            } else {
                Some(NumOrText::Text(format!("{from}-{to}")))
            }
        }
    }
}

/// ICMP type/code: AWS writes `-1` for "all", which the design expresses by omission.
pub(crate) fn icmp_value(value: Option<i64>) -> Option<i64> {
    value.filter(|v| *v >= 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protocols_normalise_numbers_and_names() {
        assert_eq!(protocol("-1"), NumOrText::Text("all".into()));
        assert_eq!(protocol("6"), NumOrText::Text("tcp".into()));
        assert_eq!(protocol("UDP"), NumOrText::Text("udp".into()));
        assert_eq!(protocol("58"), NumOrText::Text("icmpv6".into()));
        assert_eq!(protocol("107"), NumOrText::Num(107));
    }

    #[test]
    fn ports_collapse_full_range_and_single_ports() {
        assert_eq!(
            ports(Some(0), Some(65535)),
            Some(NumOrText::Text("all".into()))
        );
        assert_eq!(ports(Some(22), Some(22)), Some(NumOrText::Num(22)));
        assert_eq!(
            ports(Some(8081), Some(8082)),
            Some(NumOrText::Text("8081-8082".into()))
        );
    }
}
