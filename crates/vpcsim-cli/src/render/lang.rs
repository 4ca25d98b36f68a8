//! The language of the `vpcsim cidr` teaching view: English, or Korean with `--lang ko` or a
//! Korean locale (`LC_ALL`, `LC_MESSAGES`, `LANG` = `ko_*`), overridable with `--lang en`.
//!
//! Every message lives once in the catalogue below with both languages, so no message can
//! exist in one language only (the `catalogue!` macro makes a missing translation a compile
//! error, and the tests check that both sides take the same `{0}`, `{1}`… arguments).
//! Machine-readable output (`--format json`) never goes through here: it stays English.

use std::fmt::Display;

use vpcsim_model::addressing::{Advisory, BlockKind, Reason};

/// An output language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub(crate) enum Lang {
    /// English.
    En,
    /// Korean (한국어).
    Ko,
}

impl Lang {
    /// `--lang` when given; otherwise Korean when the first set of `LC_ALL`, `LC_MESSAGES`,
    /// `LANG` (POSIX precedence) starts with `ko`; otherwise English.
    pub(crate) fn detect(flag: Option<Lang>) -> Lang {
        if let Some(lang) = flag {
            return lang;
        }
        let locale = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| std::env::var(name).ok().filter(|value| !value.is_empty()));
        Lang::from_locale(locale.as_deref())
    }

    /// The language a locale string names: `ko_KR.UTF-8`, `ko` → Korean; anything else English.
    pub(crate) fn from_locale(locale: Option<&str>) -> Lang {
        match locale {
            Some(locale) if locale.starts_with("ko") => Lang::Ko,
            _ => Lang::En,
        }
    }
}

macro_rules! catalogue {
    ($($id:ident: $en:literal, $ko:literal;)*) => {
        /// A message of the teaching view. Both languages are given where it is declared.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        #[allow(non_camel_case_types, clippy::upper_case_acronyms)]
        pub(crate) enum Msg {
            $($id,)*
        }

        impl Msg {
            /// Every message, for the catalogue tests.
            #[cfg(test)]
            pub(crate) const ALL: &'static [Msg] = &[$(Msg::$id,)*];

            /// The template in `lang`; `{0}`, `{1}`… are filled by [`fill`].
            pub(crate) fn text(self, lang: Lang) -> &'static str {
                match (self, lang) {
                    $(
                        (Msg::$id, Lang::En) => $en,
                        (Msg::$id, Lang::Ko) => $ko,
                    )*
                }
            }
        }
    };
}

catalogue! {
    // Labels of the teaching view.
    L_INPUT: "input", "입력";
    L_HOST: "host", "호스트";
    L_NETWORK: "network", "네트워크";
    L_BROADCAST: "broadcast", "브로드캐스트";
    L_LAST_ADDRESS: "last address", "마지막 주소";
    L_NETMASK: "netmask", "넷마스크";
    L_WILDCARD: "wildcard", "와일드카드";
    L_BINARY: "binary", "이진수";
    L_TOTAL: "total", "전체";
    L_TEXTBOOK: "textbook", "교과서";
    L_AWS_USABLE: "AWS usable", "AWS 사용 가능";
    L_FIRST_USABLE: "first usable", "첫 사용 주소";
    L_LAST_USABLE: "last usable", "끝 사용 주소";
    L_RESERVED: "reserved", "예약";
    L_RANGE: "range", "범위";
    L_VPC_BLOCK: "VPC block", "VPC 블록";
    L_SUBNET_BLOCK: "subnet block", "서브넷 블록";
    L_NOTE: "note", "참고";
    // Heading and lines.
    HEADING_HOST: "{0} in {1}", "{0} ({1} 네트워크의 주소)";
    HEADING_ANYWHERE: "{0} (anywhere: the default route)", "{0} (어디든: 기본 라우트)";
    INPUT_READ_AS: "{0} was read as a {1}: /{2}", "{0} → {1}로 읽음: /{2}";
    FORM_NETMASK: "netmask", "넷마스크";
    FORM_WILDCARD: "wildcard", "와일드카드";
    HOST_USABLE: "{0} is usable host #{1} of {2} in AWS, counting from {3}{4}",
        "{0}: AWS에서 쓸 수 있는 {2}개 중 {1}번째 호스트 ({3}부터 셈){4}";
    HOST_NO_SUBNET: "{0} is in {1}, a block too small for an AWS subnet{2}",
        "{0}: {1} 블록은 AWS 서브넷이 되기에 너무 작음{2}";
    HOST_RESERVED: "{0} is reserved by AWS: {1}; no instance can have it{2}",
        "{0}: AWS 예약 주소 ({1}), 인스턴스에 줄 수 없음{2}";
    TEXTBOOK_NETWORK: " (textbook: the network address)", " (교과서: 네트워크 주소)";
    TEXTBOOK_BROADCAST: " (textbook: the broadcast address)", " (교과서: 브로드캐스트 주소)";
    TEXTBOOK_HOST: " (textbook: host #{0} of {1})", " (교과서: {1}개 중 {0}번째 호스트)";
    NO_BROADCAST_V6: "{0} (IPv6 has no broadcast)", "{0} (IPv6에는 브로드캐스트가 없음)";
    BINARY_ADDRESS: "address {0}", "주소 {0}";
    BINARY_NETMASK: "netmask", "넷마스크";
    BINARY_NETWORK: "network", "네트워크";
    BINARY_NETWORK_AND: "network (address AND netmask)", "네트워크 (주소 AND 넷마스크)";
    BITS_ONE_ONE: "{0} network bit | {1} host bit", "네트워크 {0}비트 | 호스트 {1}비트";
    BITS_ONE_MANY: "{0} network bit | {1} host bits", "네트워크 {0}비트 | 호스트 {1}비트";
    BITS_MANY_ONE: "{0} network bits | {1} host bit", "네트워크 {0}비트 | 호스트 {1}비트";
    BITS_MANY_MANY: "{0} network bits | {1} host bits", "네트워크 {0}비트 | 호스트 {1}비트";
    TOTAL_ONE: "1 address (2^{0})", "주소 1개 (2^{0})";
    TOTAL_MANY: "{0} addresses (2^{1})", "주소 {0}개 (2^{1})";
    TEXTBOOK_ONE: "1 host ({0})", "호스트 1개 ({0})";
    TEXTBOOK_MANY: "{0} hosts ({1})", "호스트 {0}개 ({1})";
    RULE_SINGLE: "a single host", "호스트 하나";
    RULE_P2P: "point-to-point link, RFC 3021: no network or broadcast address",
        "점대점 링크, RFC 3021: 네트워크·브로드캐스트 주소 없음";
    RULE_MINUS_TWO: "2^{0} − 2: network and broadcast", "2^{0} − 2: 네트워크와 브로드캐스트 제외";
    USABLE_ANYWHERE: "none: /0 is not a block to carve but every address there is",
        "없음: /0은 자를 블록이 아니라 모든 주소를 뜻함";
    USABLE_TOO_SMALL: "0 (AWS subnets are /16–/28 for IPv4; this block is too small to hold the 5 reserved addresses)",
        "0 (AWS IPv4 서브넷은 /16–/28, 이 블록은 예약 주소 5개도 담지 못함)";
    USABLE: "{0} (2^{1} − 5 reserved{2})", "{0} (2^{1} − 예약 주소 5개{2})";
    USABLE_REFUSED: "; but AWS refuses it as a subnet: {0}", "; 단, AWS는 서브넷으로 받지 않음: {0}";
    VERDICT_YES: "yes ({0})", "예 ({0})";
    VERDICT_NO: "no: {0}", "아니요: {0}";
    BOUNDS_VPC_V4: "/16–/28", "/16–/28";
    BOUNDS_VPC_V6: "IPv6 VPC blocks are /56", "IPv6 VPC 블록은 /56";
    BOUNDS_SUBNET_V4: "/16–/28, inside one VPC block", "/16–/28, VPC 블록 하나 안";
    BOUNDS_SUBNET_V6: "IPv6 subnets are /64", "IPv6 서브넷은 /64";
    RANGE_IN: "{0}: {1}", "{0}: {1}";
    RANGE_CONTAINS: "{0}: {1}", "{0}: {1}";
    // Reserved roles (addressing::ReservedRole::description).
    ROLE_NETWORK: "network address", "네트워크 주소";
    ROLE_VPC_ROUTER: "VPC router (the subnet's default gateway)", "VPC 라우터 (서브넷의 기본 게이트웨이)";
    ROLE_AMAZON_DNS: "Amazon DNS (the resolver answers at the primary VPC CIDR base + 2)",
        "Amazon DNS (리졸버는 VPC 기본 CIDR의 시작 + 2에서 응답)";
    ROLE_AWS_RESERVED: "reserved by AWS", "AWS 예약";
    ROLE_FUTURE_USE: "reserved by AWS for future use", "AWS가 향후 사용을 위해 예약";
    ROLE_BROADCAST: "broadcast address (reserved; VPCs do not support broadcast)",
        "브로드캐스트 주소 (VPC는 브로드캐스트를 지원하지 않지만 예약됨)";
    ROLE_LAST_ADDRESS: "last address (reserved by AWS)", "마지막 주소 (AWS 예약)";
    // Range names (vpcsim_cidr::special), by kind.
    NAME_ANYWHERE: "every address", "모든 주소";
    NAME_THIS_NETWORK: "\"this network\" (RFC 1122)", "\"이 네트워크\" (RFC 1122)";
    NAME_PRIVATE: "RFC 1918 private", "RFC 1918 사설";
    NAME_SHARED: "shared address space (RFC 6598, carrier-grade NAT)", "공유 주소 공간 (RFC 6598, 통신사 NAT)";
    NAME_LOOPBACK: "loopback", "루프백";
    NAME_LINK_LOCAL: "link-local", "링크 로컬";
    NAME_IETF: "IETF protocol assignments (RFC 6890)", "IETF 프로토콜 할당 (RFC 6890)";
    NAME_DOCUMENTATION: "documentation", "문서용";
    NAME_BENCHMARKING: "benchmarking (RFC 2544)", "벤치마크용 (RFC 2544)";
    NAME_MULTICAST: "multicast", "멀티캐스트";
    NAME_RESERVED: "reserved for future use (RFC 1112)", "향후 사용 예약 (RFC 1112)";
    NAME_UNIQUE_LOCAL: "unique local (RFC 4193)", "고유 로컬 (RFC 4193)";
    NAME_PUBLIC: "public (globally routed)", "공인 (인터넷에서 라우팅됨)";
    NAME_MIXED: "mostly public, with special ranges inside", "대부분 공인, 안에 특수 범위 포함";
    // What AWS makes of each kind (addressing::range_consequence).
    AWS_ANYWHERE: "means \"anywhere\": as a route destination it is the default route (whatever no longer route matches), as a security-group or NACL source or destination any address; it is never a VPC or subnet block",
        "\"어디든\"이라는 뜻: 라우트 목적지로는 기본 라우트(더 긴 라우트가 없는 모든 목적지), 보안 그룹·NACL 규칙에서는 모든 주소; VPC나 서브넷 블록은 될 수 없음";
    AWS_PRIVATE: "the ranges AWS recommends for VPC blocks; not routed on the internet, so an instance needs a public IP and an internet gateway, or a NAT gateway, to get out",
        "AWS가 VPC 블록으로 권장하는 범위; 인터넷에서 라우팅되지 않으므로 밖으로 나가려면 퍼블릭 IP와 인터넷 게이트웨이, 또는 NAT 게이트웨이가 필요";
    AWS_SHARED: "not routed on the internet; AWS accepts it as a VPC block and groups it with the public ranges when mixing blocks",
        "인터넷에서 라우팅되지 않음; AWS는 VPC 블록으로 받아 주며, 블록을 섞을 때는 공인 범위와 같이 취급";
    AWS_LINK_LOCAL: "never usable as a VPC or subnet block, whatever its size; inside a VPC 169.254.169.254 is the instance metadata service and 169.254.169.253 the Amazon DNS resolver",
        "크기와 상관없이 VPC·서브넷 블록으로 쓸 수 없음; VPC 안에서 169.254.169.254는 인스턴스 메타데이터 서비스, 169.254.169.253은 Amazon DNS 리졸버";
    AWS_DOCUMENTATION: "reserved for examples and never routed on the internet; fine in docs and tests, not for a real VPC (vpcsim treats it as any non-RFC 1918 range)",
        "예제용으로 예약되어 인터넷에서 라우팅되지 않음; 문서와 테스트에는 좋지만 실제 VPC에는 쓰지 말 것 (vpcsim은 RFC 1918이 아닌 다른 범위와 똑같이 취급)";
    AWS_BENCHMARKING: "198.19.0.0/16 inside it has its own row in AWS's block-mixing table; not routed on the internet",
        "안에 있는 198.19.0.0/16은 AWS 블록 혼합 규칙에 따로 정해져 있음; 인터넷에서 라우팅되지 않음";
    AWS_PUBLIC: "globally routed; AWS accepts it as a VPC block but recommends RFC 1918: a VPC using someone else's public addresses cannot reach the real owners of them",
        "인터넷에서 라우팅되는 주소; AWS는 VPC 블록으로 받아 주지만 RFC 1918을 권장: 남의 공인 주소를 VPC에 쓰면 그 주소의 진짜 주인에게 닿을 수 없음";
    AWS_UNIQUE_LOCAL: "private IPv6, not routed on the internet; Amazon-provided VPC blocks are global /56s instead",
        "사설 IPv6, 인터넷에서 라우팅되지 않음; Amazon이 주는 VPC 블록은 대신 전역 /56";
    AWS_NOT_FOR_HOSTS: "not an address range hosts use on a network; do not use it in a VPC (pick an RFC 1918 block)",
        "네트워크에서 호스트가 쓰는 범위가 아님; VPC에 쓰지 말 것 (RFC 1918 블록을 고르세요)";
    // Refusals (addressing::Reason) and advice (addressing::Advisory).
    KIND_VPC: "VPC block", "VPC 블록";
    KIND_SUBNET: "subnet block", "서브넷 블록";
    REASON_TOO_LARGE: "/{0} is larger than AWS allows for a {1} (/{2}–/{3})", "/{0}: AWS {1} 허용 범위(/{2}–/{3})보다 큼";
    REASON_TOO_SMALL: "/{0} is smaller than AWS allows for a {1} (/{2}–/{3})", "/{0}: AWS {1} 허용 범위(/{2}–/{3})보다 작음";
    REASON_LINK_LOCAL: "{0} is link-local (inside 169.254.0.0/16), which is never usable in a VPC, whatever the block's size",
        "{0}: 링크 로컬(169.254.0.0/16 안)이라 블록 크기와 상관없이 VPC에 쓸 수 없음";
    REASON_LINK_LOCAL_OVERLAP: "{0} overlaps 169.254.0.0/16, which is link-local and never usable in a VPC",
        "{0}: 링크 로컬 169.254.0.0/16과 겹쳐서 VPC에 쓸 수 없음";
    REASON_IPV6_LENGTH: "/{0} is not allowed for an IPv6 {1}: AWS uses /{2}", "/{0}: IPv6 {1}에는 쓸 수 없음 (AWS는 /{2}만 씀)";
    ADVICE_DOCKER: "{0} uses addresses in 172.17.0.0/16, which AWS advises against: Docker, Cloud9 and SageMaker use that range",
        "{0}: 172.17.0.0/16 주소를 씀. Docker, Cloud9, SageMaker가 쓰는 범위라 AWS가 피하라고 권함";
}

/// `template` with `{0}`, `{1}`… replaced by `args` (an index without an argument is left as
/// written, so a wrong template shows rather than panics).
pub(crate) fn fill(template: &str, args: &[&dyn Display]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let digits = after.bytes().take_while(u8::is_ascii_digit).count();
        let index = after[..digits].parse::<usize>().ok();
        match (index, after[digits..].starts_with('}')) {
            (Some(index), true) if index < args.len() => {
                out.push_str(&args[index].to_string());
                rest = &after[digits + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The message in `lang` with its arguments.
pub(crate) fn say(msg: Msg, lang: Lang, args: &[&dyn Display]) -> String {
    fill(msg.text(lang), args)
}

/// A reserved role's description, by its JSON name.
pub(crate) fn role_text(role: &str, lang: Lang) -> Option<&'static str> {
    let msg = match role {
        "network" => Msg::ROLE_NETWORK,
        "vpc-router" => Msg::ROLE_VPC_ROUTER,
        "amazon-dns" => Msg::ROLE_AMAZON_DNS,
        "aws-reserved" => Msg::ROLE_AWS_RESERVED,
        "future-use" => Msg::ROLE_FUTURE_USE,
        "broadcast" => Msg::ROLE_BROADCAST,
        "last-address" => Msg::ROLE_LAST_ADDRESS,
        _ => return None,
    };
    Some(msg.text(lang))
}

/// What AWS makes of a range kind, by its JSON name.
pub(crate) fn consequence_text(kind: &str, lang: Lang) -> Option<&'static str> {
    let msg = match kind {
        "anywhere" => Msg::AWS_ANYWHERE,
        "private" => Msg::AWS_PRIVATE,
        "shared" => Msg::AWS_SHARED,
        "link-local" => Msg::AWS_LINK_LOCAL,
        "documentation" => Msg::AWS_DOCUMENTATION,
        "benchmarking" => Msg::AWS_BENCHMARKING,
        "public" => Msg::AWS_PUBLIC,
        "unique-local" => Msg::AWS_UNIQUE_LOCAL,
        "this-network" | "loopback" | "ietf-protocol" | "multicast" | "reserved" => {
            Msg::AWS_NOT_FOR_HOSTS
        }
        _ => return None,
    };
    Some(msg.text(lang))
}

/// A range's name in Korean: the English registry name with its words translated (the RFC
/// references and TEST-NET labels are kept).
pub(crate) fn range_name(name: &str, lang: Lang) -> String {
    if lang == Lang::En {
        return name.to_owned();
    }
    let whole = [
        (Msg::NAME_ANYWHERE, Msg::NAME_ANYWHERE.text(Lang::En)),
        (
            Msg::NAME_THIS_NETWORK,
            Msg::NAME_THIS_NETWORK.text(Lang::En),
        ),
        (Msg::NAME_PRIVATE, Msg::NAME_PRIVATE.text(Lang::En)),
        (Msg::NAME_SHARED, Msg::NAME_SHARED.text(Lang::En)),
        (Msg::NAME_IETF, Msg::NAME_IETF.text(Lang::En)),
        (
            Msg::NAME_BENCHMARKING,
            Msg::NAME_BENCHMARKING.text(Lang::En),
        ),
        (Msg::NAME_RESERVED, Msg::NAME_RESERVED.text(Lang::En)),
        (
            Msg::NAME_UNIQUE_LOCAL,
            Msg::NAME_UNIQUE_LOCAL.text(Lang::En),
        ),
        (Msg::NAME_PUBLIC, Msg::NAME_PUBLIC.text(Lang::En)),
        (Msg::NAME_MIXED, Msg::NAME_MIXED.text(Lang::En)),
    ];
    if let Some((msg, _)) = whole.iter().find(|(_, en)| *en == name) {
        return msg.text(lang).to_owned();
    }
    // "link-local (RFC 3927)", "TEST-NET-2, documentation (RFC 5737)", "loopback (RFC 4291)"…
    let mut out = name.to_owned();
    for msg in [
        Msg::NAME_LINK_LOCAL,
        Msg::NAME_DOCUMENTATION,
        Msg::NAME_LOOPBACK,
        Msg::NAME_MULTICAST,
        Msg::NAME_THIS_NETWORK,
    ] {
        out = out.replace(msg.text(Lang::En), msg.text(lang));
    }
    out.replace("unspecified address", "미지정 주소")
}

fn kind_text(kind: BlockKind, lang: Lang) -> &'static str {
    match kind {
        BlockKind::Vpc => Msg::KIND_VPC.text(lang),
        BlockKind::Subnet => Msg::KIND_SUBNET.text(lang),
    }
}

/// A refusal in `lang`; English is the model's own text.
pub(crate) fn reason_text(reason: &Reason, lang: Lang) -> String {
    if lang == Lang::En {
        return reason.to_string();
    }
    match reason {
        Reason::TooLarge {
            kind,
            prefix_len,
            min,
            max,
        } => say(
            Msg::REASON_TOO_LARGE,
            lang,
            &[prefix_len, &kind_text(*kind, lang), min, max],
        ),
        Reason::TooSmall {
            kind,
            prefix_len,
            min,
            max,
        } => say(
            Msg::REASON_TOO_SMALL,
            lang,
            &[prefix_len, &kind_text(*kind, lang), min, max],
        ),
        Reason::LinkLocal { block } => {
            let inside = vpcsim_cidr::contains(&vpcsim_model::addressing::LINK_LOCAL, block);
            let msg = if inside {
                Msg::REASON_LINK_LOCAL
            } else {
                Msg::REASON_LINK_LOCAL_OVERLAP
            };
            say(msg, lang, &[block])
        }
        Reason::Ipv6Length {
            kind,
            prefix_len,
            expected,
        } => say(
            Msg::REASON_IPV6_LENGTH,
            lang,
            &[prefix_len, &kind_text(*kind, lang), expected],
        ),
        // Refusals the teaching view never meets (secondary blocks, subnets in a VPC).
        other => other.to_string(),
    }
}

/// Advice in `lang`.
pub(crate) fn advisory_text(advisory: &Advisory, lang: Lang) -> String {
    match (advisory, lang) {
        (Advisory::DockerBridge { block }, Lang::Ko) => say(Msg::ADVICE_DOCKER, lang, &[block]),
        (other, _) => other.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<usize> {
        let mut found: Vec<usize> = (0..10)
            .filter(|idx| text.contains(&format!("{{{idx}}}")))
            .collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn every_message_has_both_languages_with_the_same_arguments() {
        for msg in Msg::ALL {
            let (en, ko) = (msg.text(Lang::En), msg.text(Lang::Ko));
            assert!(!en.is_empty() && !ko.is_empty(), "{msg:?}");
            assert_eq!(placeholders(en), placeholders(ko), "{msg:?}: {en} / {ko}");
            assert!(
                !en.chars().any(|c| ('가'..='힣').contains(&c)),
                "{msg:?} en has Hangul"
            );
        }
    }

    #[test]
    fn korean_messages_are_korean_unless_they_are_notation() {
        // Labels like "/16–/28" or "{0}: {1}" are notation, the same in both languages.
        let notation = [Msg::BOUNDS_VPC_V4, Msg::RANGE_IN, Msg::RANGE_CONTAINS];
        for msg in Msg::ALL {
            let ko = msg.text(Lang::Ko);
            let hangul = ko.chars().any(|c| ('가'..='힣').contains(&c));
            assert!(
                hangul || notation.contains(msg),
                "{msg:?} has no Korean: {ko}"
            );
        }
    }

    #[test]
    fn the_english_side_is_the_models_own_text() {
        use vpcsim_cidr::special::Kind;
        use vpcsim_model::addressing::{self, ReservedRole};
        for kind in Kind::ALL {
            assert_eq!(
                consequence_text(kind.as_str(), Lang::En),
                Some(addressing::range_consequence(kind)),
                "{kind:?}"
            );
        }
        for role in [
            ReservedRole::NetworkAddress,
            ReservedRole::VpcRouter,
            ReservedRole::AmazonDns,
            ReservedRole::AwsReserved,
            ReservedRole::FutureUse,
            ReservedRole::Broadcast,
            ReservedRole::LastAddress,
        ] {
            assert_eq!(role_text(role.as_str(), Lang::En), Some(role.description()));
        }
        for name in vpcsim_cidr::special::names() {
            assert_eq!(range_name(name, Lang::En), name);
        }
        // Refusals: the English template renders exactly the model's message.
        for text in [
            "10.0.0.0/15",
            "10.0.0.0/29",
            "169.254.0.0/16",
            "169.0.0.0/16",
            "2001:db8::/48",
        ] {
            let net: ipnet::IpNet = text.parse().unwrap();
            for result in [
                addressing::check_vpc_block(net),
                addressing::check_subnet_block(net),
            ] {
                let Err(reason) = result else { continue };
                let en = match &reason {
                    Reason::TooLarge {
                        kind,
                        prefix_len,
                        min,
                        max,
                    } => say(
                        Msg::REASON_TOO_LARGE,
                        Lang::En,
                        &[prefix_len, &kind_text(*kind, Lang::En), min, max],
                    ),
                    Reason::TooSmall {
                        kind,
                        prefix_len,
                        min,
                        max,
                    } => say(
                        Msg::REASON_TOO_SMALL,
                        Lang::En,
                        &[prefix_len, &kind_text(*kind, Lang::En), min, max],
                    ),
                    Reason::LinkLocal { block } => say(Msg::REASON_LINK_LOCAL, Lang::En, &[block]),
                    Reason::Ipv6Length {
                        kind,
                        prefix_len,
                        expected,
                    } => say(
                        Msg::REASON_IPV6_LENGTH,
                        Lang::En,
                        &[prefix_len, &kind_text(*kind, Lang::En), expected],
                    ),
                    other => other.to_string(),
                };
                assert_eq!(en, reason.to_string(), "{text}");
                let ko = reason_text(&reason, Lang::Ko);
                assert!(ko.chars().any(|c| ('가'..='힣').contains(&c)), "{ko}");
            }
        }
    }

    #[test]
    fn fill_replaces_indexed_arguments_only() {
        assert_eq!(fill("{1} then {0}", &[&"a", &2]), "2 then a");
        assert_eq!(fill("{x} {5} {", &[&"a"]), "{x} {5} {");
    }

    #[test]
    fn locale_detection() {
        assert_eq!(Lang::from_locale(Some("ko_KR.UTF-8")), Lang::Ko);
        assert_eq!(Lang::from_locale(Some("ko")), Lang::Ko);
        assert_eq!(Lang::from_locale(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some("C")), Lang::En);
        assert_eq!(Lang::from_locale(None), Lang::En);
        assert_eq!(Lang::detect(Some(Lang::En)), Lang::En);
    }

    #[test]
    fn every_range_name_and_kind_has_korean() {
        for name in vpcsim_cidr::special::names() {
            let ko = range_name(name, Lang::Ko);
            assert!(
                ko.chars().any(|c| ('가'..='힣').contains(&c)),
                "{name} -> {ko}"
            );
        }
        for kind in vpcsim_cidr::special::Kind::ALL {
            assert!(
                consequence_text(kind.as_str(), Lang::Ko).is_some(),
                "{kind:?}"
            );
        }
    }
}
