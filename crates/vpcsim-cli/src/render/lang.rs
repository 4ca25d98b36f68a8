//! The language of the teaching output (`vpcsim cidr`'s explanation view and `vpcsim reach`'s
//! explanation lines): English, or Korean with `--lang ko` or a Korean locale (`LC_ALL`,
//! `LC_MESSAGES`, `LANG` = `ko_*`), overridable with `--lang en`.
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
    AWS_PUBLIC_V6: "global unicast: Amazon-provided VPC blocks (/56) come from here, and their addresses are public as they are — an interface with one, in a subnet routing ::/0 to an internet gateway, is reachable from the internet without a public IPv4 or NAT (use an egress-only internet gateway for outbound-only)", "글로벌 유니캐스트: AWS가 제공하는 VPC 블록(/56)이 여기서 나오며 주소 자체가 공인 주소임 — 이런 주소를 가진 인터페이스는 ::/0을 인터넷 게이트웨이로 보내는 서브넷에 있으면 공인 IPv4나 NAT 없이도 인터넷에서 접근 가능 (아웃바운드 전용이면 송신 전용 인터넷 게이트웨이 사용)";
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
    // `vpcsim cidr split`, `plan`, `overlap`: headings, table headers, counts.
    N_ADDRESS_ONE: "1 address", "주소 1개";
    N_ADDRESS_MANY: "{0} addresses", "주소 {0}개";
    N_USABLE_ONE: "1 AWS-usable address", "AWS 사용 가능 주소 1개";
    N_USABLE_MANY: "{0} AWS-usable addresses", "AWS 사용 가능 주소 {0}개";
    N_AZ_ONE: "1 AZ", "AZ 1개";
    N_AZ_MANY: "{0} AZs", "AZ {0}개";
    N_TIER_ONE: "1 tier", "티어 1개";
    N_TIER_MANY: "{0} tiers", "티어 {0}개";
    N_SUBNET_ONE: "1 subnet", "서브넷 1개";
    N_SUBNET_MANY: "{0} subnets", "서브넷 {0}개";
    N_HOST_ONE: "1 host", "호스트 1개";
    N_HOST_MANY: "{0} hosts", "호스트 {0}개";
    N_HOST_COUNT_ONE: "1 host count", "호스트 수 1개";
    N_HOST_COUNT_MANY: "{0} host counts", "호스트 수 {0}개";
    N_CIDR_ONE: "1 CIDR", "CIDR 1개";
    N_CIDR_MANY: "{0} CIDRs", "CIDR {0}개";
    N_PAIR_ONE: "1 overlapping pair", "겹치는 쌍 1개";
    N_PAIR_MANY: "{0} overlapping pairs", "겹치는 쌍 {0}개";
    C_SPLIT_HEADING: "{0} split into {1} × /{2} ({3})", "{0} → /{2} {1}개로 나눔 ({3})";
    C_SPLIT_EACH: "{0} each", "각각 {0}";
    C_SPLIT_REFUSED: "{0}, but AWS refuses /{1} subnets: they must be /16–/28",
        "{0}, 단 AWS는 /{1} 서브넷을 받지 않음: /16–/28이어야 함";
    C_USABLE_FROM_TO: "usable {0} – {1}", "사용 가능 {0} – {1}";
    C_PLAN_HEADING: "plan for {0}: {1} × {2} = {3} of /{4} ({5} each)",
        "{0} 계획: {1} × {2} = /{4} {3} (각각 {5})";
    H_TIER: "tier", "티어";
    H_AZ: "az", "AZ";
    H_CIDR: "cidr", "CIDR";
    H_USABLE: "usable", "사용 가능";
    H_USABLE_RANGE: "usable range", "사용 가능 범위";
    H_NAME: "name", "이름";
    H_HOSTS: "hosts", "호스트";
    C_TIER_BLOCKS: "tier blocks (one route or NACL entry covers a whole tier):",
        "티어 블록 (라우트나 NACL 엔트리 하나로 티어 전체를 덮음):";
    C_FREE_NONE: "free for future subnets: none", "앞으로 쓸 빈 공간: 없음";
    C_FREE: "free for future subnets: {0} ({1})", "앞으로 쓸 빈 공간: {0} ({1})";
    C_VLSM_HEADING: "{0} carved for {1} (largest first; each holds its hosts + 5 AWS-reserved addresses, /28 at least)",
        "{0}: {1}에 맞춰 나눔 (큰 것부터; 각 블록은 호스트 + AWS 예약 주소 5개, 최소 /28)";
    C_VLSM_FLOOR: "{0}: {1} would fit a /{2} by the textbook, but AWS subnets are /28 at least",
        "{0}: 교과서로는 {1}가 /{2}에 들어가지만 AWS 서브넷은 최소 /28";
    C_VLSM_PLUS_FIVE: "{0}: {1} fit a /{2} by the textbook (2^n − 2), but AWS keeps 5 addresses, so it needs a /{3}",
        "{0}: 교과서(2^n − 2)로는 {1}가 /{2}에 들어가지만 AWS는 주소 5개를 예약하므로 /{3}이 필요";
    C_NO_OVERLAPS: "no overlaps among {0}", "{0} 중 겹치는 것 없음";
    C_OVERLAPS: "{0} among {1}:", "{1} 중 {0}:";
    C_CONTAINS: "{0} (#{1}) contains {2} (#{3})", "{0} (#{1}) 안에 {2} (#{3}) 포함";
    C_DUPLICATES: "{0} (#{1}) duplicates {2} (#{3})", "{0} (#{1}) 와 {2} (#{3}) 중복";
    // `vpcsim reach`: the explanation lines (the rule texts, names and help stay as the engine
    // writes them).
    R_REACHABLE: "reachable", "닿음";
    R_NOT_REACHABLE: "not reachable", "닿지 않음";
    R_BLOCKED: "blocked", "막힘";
    R_EXITS_ON_PREMISES: "exits to on-premises", "온프레미스로 나감";
    R_EXIT_ON_PREMISES: "ends: leaves the design through VPN gateway `{0}` to on-premises (beyond it is not modelled)",
        "끝: VPN 게이트웨이 `{0}`을(를) 지나 온프레미스로 나감 (그 너머는 모델링하지 않음)";
    R_EXIT_ENDPOINT: "ends: at the service through gateway endpoint `{0}` (its prefix-list route)",
        "끝: 게이트웨이 엔드포인트 `{0}`을(를) 지나 서비스에 닿음 (프리픽스 목록 라우트)";
    R_SERVICE_INTERNET: "ends: at the service over the internet (no gateway-endpoint route in the subnet's route table)",
        "끝: 인터넷을 지나 서비스에 닿음 (서브넷 라우팅 테이블에 게이트웨이 엔드포인트 라우트 없음)";
    R_ANY_PACKET: "question: one packet of any protocol (IP protocol 0: only rules for every protocol match it, as Batfish's generic flow)",
        "질문: 프로토콜을 정하지 않은 패킷 하나 (IP 프로토콜 0: 모든 프로토콜용 규칙만 일치, Batfish의 일반 흐름과 같음)";
    R_ANY_SET: "question: every protocol and port (symbolic: the set of flows that get through)",
        "질문: 모든 프로토콜과 포트 (기호 분석: 통과하는 흐름의 집합)";
    R_LEGS: "{0} through `{1}`: {2} of {3} legs reachable", "{0}: `{1}` 경유, 구간 {3}개 중 {2}개 닿음";
    R_CANDIDATES: "  none of {0} candidate paths delivers; showing the one with the fewest blockers",
        "  후보 경로 {0}개 중 닿는 것이 없음; 막는 설정이 가장 적은 경로를 보여 줌";
    R_FORWARD_PATH: "forward path:", "정방향 경로:";
    R_RETURN_PATH: "return path:", "응답 경로:";
    R_BLOCKED_BY_ONE: "blocked by 1 setting:", "막은 설정 1개:";
    R_BLOCKED_BY_MANY: "blocked by {0} settings:", "막은 설정 {0}개:";
    R_HEALTH_BLOCKED: "warning: the load balancer's health check of this target is blocked (the target would be unhealthy):",
        "경고: 로드 밸런서의 이 대상 상태 검사가 막힘 (대상이 비정상으로 표시됨):";
    R_NOT_MODELLED: "not modelled", "모델링하지 않음";
    R_BLOCKER_AT: "{0}[{1}] {2} at {3} `{4}` ({5})", "{0}[{1}] {2}, {3} `{4}` ({5})";
    R_FORWARD: "forward", "정방향";
    R_RETURN: "return", "응답";
    R_WHY: "why", "설명";
    R_PACKET: "packet", "패킷";
    R_RULE: "rule", "규칙";
    R_HELP: "help", "도움말";
    R_STATEFUL_REPLY: "reply of an admitted connection (stateful)", "허용된 연결의 응답 (상태 저장)";
    R_SAME_SUBNET: "same subnet: no route lookup, no NACL", "같은 서브넷: 라우팅·NACL 검사 없음";
    R_PORTS_REACH: "{0}: what gets from {1} to {2}:", "{0}: {1}에서 {2}(으)로 가는 트래픽:";
    R_PORTS_NOTHING: "{0}: nothing from {1} reaches {2} over {3} (ask with a port, e.g. `--to {2}:443`, to see what blocks it)",
        "{0}: {1}에서 {2}(으)로 {3} 트래픽이 하나도 닿지 않음 (무엇이 막는지 보려면 포트를 붙여 물어보세요, 예: `--to {2}:443`)";
    // Hop steps.
    S_START: "start", "출발";
    S_SG_OUT: "sg out", "SG 아웃";
    S_SG_IN: "sg in", "SG 인";
    S_SG_STATEFUL: "sg stateful", "SG 상태저장";
    S_NACL_OUT: "nacl out", "NACL 아웃";
    S_NACL_IN: "nacl in", "NACL 인";
    S_SAME_SUBNET: "same subnet", "같은 서브넷";
    S_ROUTE: "route", "라우팅";
    S_IGW_SNAT: "igw snat", "IGW SNAT";
    S_IGW_DNAT: "igw dnat", "IGW DNAT";
    S_IGW_IPV6: "igw ipv6", "IGW 통과";
    S_EGRESS_ONLY_IGW: "eigw out", "송신전용 IGW";
    S_NAT_SNAT: "nat snat", "NAT SNAT";
    S_NAT_UNSNAT: "nat un-snat", "NAT 역변환";
    S_PEERING: "peering", "피어링";
    S_TGW_ROUTE: "tgw route", "TGW 라우팅";
    S_LISTENER: "listener", "리스너";
    S_LB_TARGET: "lb -> target", "LB → 대상";
    S_LB_REPLY: "lb reply", "LB 응답";
    S_GW_ENDPOINT: "gw endpoint", "엔드포인트";
    S_INTERNET: "internet", "인터넷";
    S_TO_ON_PREMISES: "to on-prem", "온프렘으로";
    S_FROM_ON_PREMISES: "from on-prem", "온프렘에서";
    S_ARRIVE: "arrive", "도착";
    S_DROP: "drop", "버림";
    // Component kinds.
    K_ENI: "eni", "ENI";
    K_SUBNET: "subnet", "서브넷";
    K_ROUTE_TABLE: "route table", "라우팅 테이블";
    K_INTERNET: "internet", "인터넷";
    K_INTERNET_GATEWAY: "internet gateway", "인터넷 게이트웨이";
    K_NAT_GATEWAY: "nat gateway", "NAT 게이트웨이";
    K_LOAD_BALANCER: "load balancer", "로드 밸런서";
    K_TARGET_GROUP: "target group", "대상 그룹";
    K_VPN_GATEWAY: "vpn gateway", "VPN 게이트웨이";
    K_ON_PREMISES: "on-premises", "온프레미스";
    // What each blocker code means, for `vpcsim reach --lang ko` (docs/reach.md's table).
    B_ENI_SG_RULES_MISMATCH: "no rule of the security groups admits the packet", "보안 그룹에 이 패킷을 허용하는 규칙이 없음 (보안 그룹은 허용 목록: 허용 규칙이 없으면 막힘)";
    B_SUBNET_ACL_RESTRICTION: "the subnet's network ACL refuses the packet", "서브넷의 네트워크 ACL이 이 패킷을 거부함 (번호가 낮은 규칙부터 첫 일치가 결정, 응답 방향도 따로 허용해야 함)";
    B_NO_ROUTE_TO_DESTINATION: "no route covers the destination", "라우팅 테이블에 이 목적지로 가는 라우트가 없음";
    B_BAD_STATE_ROUTE: "the matching route is a blackhole or leads to an inactive peering", "일치하는 라우트가 블랙홀이거나 활성 상태가 아닌 피어링으로 감";
    B_ADDRESS_NOT_IN_SUBNET: "the address is in the VPC but in no subnet", "주소가 VPC 범위 안이지만 어느 서브넷에도 속하지 않음";
    B_NO_ENI_FOR_ADDRESS: "no network interface has the address", "그 주소를 가진 네트워크 인터페이스가 없음";
    B_IGW_PUBLIC_IP_EGRESS: "the source has no public IP", "출발지에 퍼블릭 IP나 탄력적 IP가 없어 인터넷 게이트웨이로 나갈 수 없음 (프라이빗 서브넷이면 NAT 게이트웨이를 쓰세요)";
    B_IGW_PRIVATE_IP_INGRESS: "the destination is not a public IP", "목적지가 퍼블릭 IP가 아님: 인터넷에서는 사설 주소로 보낼 수 없음 (퍼블릭 IP, 탄력적 IP, 또는 인터넷 경계 로드 밸런서가 필요)";
    B_IGW_SOURCE_PRIVATE: "a private source arrives from the internet", "인터넷에서 사설(또는 공유) 주소를 출발지로 한 패킷이 들어옴 (위조된 주소로 봄)";
    B_IGW_DESTINATION_PRIVATE: "a private destination is sent to the internet gateway", "사설(또는 공유) 주소를 목적지로 한 패킷을 인터넷 게이트웨이로 보냄";
    B_GATEWAY_REJECTS_SPOOFED: "the source is not an interface of the VPC", "출발지 주소가 이 VPC의 네트워크 인터페이스가 아님";
    B_NO_INTERNET_GATEWAY: "the VPC has no internet gateway", "그 퍼블릭 주소의 VPC에 인터넷 게이트웨이가 없음";
    B_NGW_SOURCE_IN_VPC: "a NAT gateway reached from another VPC", "다른 VPC에서 NAT 게이트웨이를 쓰려고 함 (NAT 게이트웨이는 자기 VPC의 트래픽만 처리)";
    B_PROTOCOL_RESTRICTION: "a NAT gateway forwards only tcp, udp and icmp", "NAT 게이트웨이는 tcp, udp, icmp만 전달함";
    B_NGW_UNSOLICITED_INBOUND: "a connection started towards a NAT gateway", "밖에서 NAT 게이트웨이 쪽으로 먼저 시작한 연결 (NAT는 안에서 나가는 연결만 허용)";
    B_ROUTING_LOOP: "the route lookups loop", "라우팅이 순환함 (라우트 조회가 16번을 넘음)";
    B_SOURCE_DEST_CHECK: "an appliance with source/destination check on", "소스/대상 확인이 켜진 인스턴스가 남의 트래픽을 중계하려 함 (NAT 인스턴스는 이 설정을 꺼야 함)";
    B_PCX_ADDRESS: "a peering carries only traffic between the two VPCs", "피어링은 두 VPC 주소 사이의 트래픽만 나름 (전이되지 않음)";
    B_TGW_NO_ATTACHMENT: "the VPC is not attached to the transit gateway", "VPC가 그 트랜짓 게이트웨이에 연결되어 있지 않음";
    B_TGW_ROUTE_AZ: "the attachment has no subnet in the source's AZ", "트랜짓 게이트웨이 연결에 출발지 가용 영역의 서브넷이 없음";
    B_TGW_MISSING_ASSOCIATION: "the attachment has no TGW route table", "트랜짓 게이트웨이 연결이 어떤 TGW 라우팅 테이블에도 연결되지 않음";
    B_TGW_RTB_CANNOT_ROUTE: "no TGW route covers the destination", "TGW 라우팅 테이블에 목적지로 가는 라우트가 없음";
    B_TGW_RTB_BAD_STATE: "the TGW route is a blackhole", "TGW 라우트가 블랙홀임";
    B_VPCE_GATEWAY_PROTOCOL: "a gateway endpoint carries only tcp and icmp", "게이트웨이 엔드포인트는 tcp와 icmp만 나름";
    B_LISTENER_PORT: "no listener on that port", "로드 밸런서에 그 포트와 프로토콜의 리스너가 없음 (보안 그룹만 열어서는 안 됨)";
    B_LISTENER_NO_TG: "the listener's target group has no targets", "리스너의 대상 그룹에 대상이 없음";
    B_ELB_AZ: "the target is in an AZ the load balancer does not enable", "대상이 로드 밸런서가 켜지지 않은 가용 영역에 있음";
    B_ELB_NOT_CROSSZONE: "cross-zone is off and the target is in another AZ", "교차 영역 로드 밸런싱이 꺼져 있고 대상이 다른 가용 영역에 있음";
    B_RETURN_ASYMMETRIC: "the reply would take another way back", "응답이 요청이 온 길과 다른 길로 돌아가게 됨 (비대칭 라우팅)";
    B_NO_PATH: "no path between the two ends", "두 끝점 사이에 경로가 없음 (둘 다 설계 밖이거나 다른 곳에서 끝남)";
    B_SOURCE_NOT_ROUTABLE: "the internet never carries this source", "인터넷에는 이런 출발지 주소가 없음 (루프백, 링크 로컬, 멀티캐스트, 예약 대역)";
    B_DESTINATION_NOT_ROUTABLE: "the internet never routes to this destination", "인터넷은 이 목적지로 라우팅하지 않음 (루프백, 링크 로컬, 멀티캐스트, 예약 대역)";
    B_NO_IPV6_ADDRESS: "the interface has no IPv6 address", "네트워크 인터페이스에 IPv6 주소가 없음";
    B_EIGW_UNSOLICITED_INBOUND: "an egress-only internet gateway lets only the inside open connections", "송신 전용 인터넷 게이트웨이는 내부에서 시작한 연결만 허용함";
    B_NGW_IPV6_REQUIRES_NAT64_PREFIX: "a NAT gateway translates IPv6 only for 64:ff9b::/96 (NAT64)", "NAT 게이트웨이는 64:ff9b::/96 (NAT64) 대상 IPv6만 변환함";
    B_VPN_NO_ROUTE: "no VPN route covers the destination", "VPN 게이트웨이에 이 목적지를 덮는 VPN 라우트가 없음 (정적 라우트나 전파된 라우트가 필요)";
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

/// A hop step's short label, by the engine's step name (`None` for a step it does not know).
pub(crate) fn step_label(step: &str) -> Option<Msg> {
    Some(match step {
        "start" => Msg::S_START,
        "security_group_egress" => Msg::S_SG_OUT,
        "security_group_ingress" => Msg::S_SG_IN,
        "security_group_stateful" => Msg::S_SG_STATEFUL,
        "network_acl_egress" => Msg::S_NACL_OUT,
        "network_acl_ingress" => Msg::S_NACL_IN,
        "same_subnet" => Msg::S_SAME_SUBNET,
        "route" => Msg::S_ROUTE,
        "igw_snat" => Msg::S_IGW_SNAT,
        "igw_dnat" => Msg::S_IGW_DNAT,
        "igw_ipv6" => Msg::S_IGW_IPV6,
        "egress_only_igw" => Msg::S_EGRESS_ONLY_IGW,
        "nat_snat" => Msg::S_NAT_SNAT,
        "nat_unsnat" => Msg::S_NAT_UNSNAT,
        "peering" => Msg::S_PEERING,
        "tgw_route" => Msg::S_TGW_ROUTE,
        "listener" => Msg::S_LISTENER,
        "lb_to_target" => Msg::S_LB_TARGET,
        "lb_reply" => Msg::S_LB_REPLY,
        "gateway_endpoint" => Msg::S_GW_ENDPOINT,
        "to_internet" | "from_internet" => Msg::S_INTERNET,
        "to_on_premises" => Msg::S_TO_ON_PREMISES,
        "from_on_premises" => Msg::S_FROM_ON_PREMISES,
        "arrive" => Msg::S_ARRIVE,
        "drop" => Msg::S_DROP,
        _ => return None,
    })
}

/// A component kind as people read it (`internet_gateway` → `internet gateway`, in Korean
/// `인터넷 게이트웨이`); unknown kinds are spelled with spaces.
pub(crate) fn component_kind(kind: &str, lang: Lang) -> String {
    let msg = match kind {
        "eni" => Msg::K_ENI,
        "subnet" => Msg::K_SUBNET,
        "route_table" => Msg::K_ROUTE_TABLE,
        "internet" => Msg::K_INTERNET,
        "internet_gateway" => Msg::K_INTERNET_GATEWAY,
        "nat_gateway" => Msg::K_NAT_GATEWAY,
        "load_balancer" => Msg::K_LOAD_BALANCER,
        "target_group" => Msg::K_TARGET_GROUP,
        "vpn_gateway" => Msg::K_VPN_GATEWAY,
        "on_premises" => Msg::K_ON_PREMISES,
        _ => return kind.replace('_', " "),
    };
    msg.text(lang).to_owned()
}

/// What a blocker code means, by its stable name (docs/reach.md).
pub(crate) fn blocker_meaning(code: &str) -> Option<Msg> {
    Some(match code {
        "ENI_SG_RULES_MISMATCH" => Msg::B_ENI_SG_RULES_MISMATCH,
        "SUBNET_ACL_RESTRICTION" => Msg::B_SUBNET_ACL_RESTRICTION,
        "NO_ROUTE_TO_DESTINATION" => Msg::B_NO_ROUTE_TO_DESTINATION,
        "BAD_STATE_ROUTE" => Msg::B_BAD_STATE_ROUTE,
        "ADDRESS_NOT_IN_SUBNET" => Msg::B_ADDRESS_NOT_IN_SUBNET,
        "NO_ENI_FOR_ADDRESS" => Msg::B_NO_ENI_FOR_ADDRESS,
        "IGW_PUBLIC_IP_ASSOCIATION_FOR_EGRESS" => Msg::B_IGW_PUBLIC_IP_EGRESS,
        "IGW_PRIVATE_IP_ASSOCIATION_FOR_INGRESS" => Msg::B_IGW_PRIVATE_IP_INGRESS,
        "IGW_SOURCE_ADDRESS_NOT_IN_RFC1918_INGRESS"
        | "IGW_SOURCE_ADDRESS_NOT_IN_RFC6598_INGRESS" => Msg::B_IGW_SOURCE_PRIVATE,
        "IGW_DESTINATION_ADDRESS_NOT_IN_RFC1918_EGRESS"
        | "IGW_DESTINATION_ADDRESS_NOT_IN_RFC6598_EGRESS" => Msg::B_IGW_DESTINATION_PRIVATE,
        "GATEWAY_REJECTS_SPOOFED_TRAFFIC" => Msg::B_GATEWAY_REJECTS_SPOOFED,
        "NO_INTERNET_GATEWAY" => Msg::B_NO_INTERNET_GATEWAY,
        "NGW_REQUIRES_SOURCE_IN_VPC" => Msg::B_NGW_SOURCE_IN_VPC,
        "PROTOCOL_RESTRICTION" => Msg::B_PROTOCOL_RESTRICTION,
        "NGW_UNSOLICITED_INBOUND" => Msg::B_NGW_UNSOLICITED_INBOUND,
        "ROUTING_LOOP" => Msg::B_ROUTING_LOOP,
        "ENI_SOURCE_DEST_CHECK_RESTRICTION" => Msg::B_SOURCE_DEST_CHECK,
        "PCX_REQUIRES_ADDRESS_IN_VPC_CIDR" => Msg::B_PCX_ADDRESS,
        "TGW_NO_ATTACHMENT" => Msg::B_TGW_NO_ATTACHMENT,
        "TGW_ROUTE_AZ_RESTRICTION" => Msg::B_TGW_ROUTE_AZ,
        "TGW_ATTACH_MISSING_TGW_RTB_ASSOCIATION" => Msg::B_TGW_MISSING_ASSOCIATION,
        "TGW_RTB_CANNOT_ROUTE" => Msg::B_TGW_RTB_CANNOT_ROUTE,
        "TGW_RTB_BAD_STATE_ROUTE" => Msg::B_TGW_RTB_BAD_STATE,
        "VPCE_GATEWAY_PROTOCOL_RESTRICTION" => Msg::B_VPCE_GATEWAY_PROTOCOL,
        "ELBV2_LISTENER_PORT_RESTRICTION" => Msg::B_LISTENER_PORT,
        "ELBV2_LISTENER_HAS_NO_TG" => Msg::B_LISTENER_NO_TG,
        "ELB_INSTALLED_AZ_RESTRICTION" => Msg::B_ELB_AZ,
        "ELB_NOT_CROSSZONE" => Msg::B_ELB_NOT_CROSSZONE,
        "RETURN_ROUTE_ASYMMETRIC" => Msg::B_RETURN_ASYMMETRIC,
        "NO_PATH" => Msg::B_NO_PATH,
        "SOURCE_NOT_ROUTABLE" => Msg::B_SOURCE_NOT_ROUTABLE,
        "DESTINATION_NOT_ROUTABLE" => Msg::B_DESTINATION_NOT_ROUTABLE,
        "NO_IPV6_ADDRESS" => Msg::B_NO_IPV6_ADDRESS,
        "EIGW_UNSOLICITED_INBOUND" => Msg::B_EIGW_UNSOLICITED_INBOUND,
        "NGW_IPV6_REQUIRES_NAT64_PREFIX" => Msg::B_NGW_IPV6_REQUIRES_NAT64_PREFIX,
        "VPN_NO_ROUTE_TO_DESTINATION" => Msg::B_VPN_NO_ROUTE,
        _ => return None,
    })
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
        let notation = [
            Msg::BOUNDS_VPC_V4,
            Msg::RANGE_IN,
            Msg::RANGE_CONTAINS,
            Msg::R_BLOCKER_AT,
            Msg::S_IGW_SNAT,
            Msg::S_IGW_DNAT,
            Msg::S_NAT_SNAT,
            Msg::K_ENI,
            Msg::H_AZ,
            Msg::H_CIDR,
        ];
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
    fn every_blocker_code_and_hop_step_has_korean() {
        for code in vpcsim_reach::code::Code::ALL {
            assert!(
                blocker_meaning(code.as_str()).is_some(),
                "{}",
                code.as_str()
            );
        }
        for step in [
            "start",
            "security_group_egress",
            "security_group_ingress",
            "security_group_stateful",
            "network_acl_egress",
            "network_acl_ingress",
            "same_subnet",
            "route",
            "igw_snat",
            "igw_dnat",
            "igw_ipv6",
            "egress_only_igw",
            "nat_snat",
            "nat_unsnat",
            "peering",
            "tgw_route",
            "listener",
            "lb_to_target",
            "lb_reply",
            "gateway_endpoint",
            "to_internet",
            "from_internet",
            "to_on_premises",
            "from_on_premises",
            "arrive",
            "drop",
        ] {
            let msg = step_label(step).expect(step);
            // The hop table gives labels 12 columns.
            assert!(
                super::super::width::display_width(msg.text(Lang::Ko)) <= 12,
                "{step}"
            );
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
