//! What every diagnostic code that is not a lint rule means: parsing (`YAML`, `JSON`, `SCHEMA`),
//! references (`REF`), AWS's own validation (`VAL`), suppression comments (`SUP`), failed
//! `expect:` assertions (`EXPECT`) and unreadable inputs (`INPUT`). `vpcsim explain CODE` prints
//! these as it prints lint rules; a test keeps the list complete against the code literals in
//! `crates/*/src` and against docs/yaml-reference.md.

/// One code's documentation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CodeDoc {
    /// The code, e.g. `VAL071`.
    pub code: &'static str,
    /// Default severity as a word (`error`, `warning`).
    pub severity: &'static str,
    /// One line: what it reports.
    pub summary: &'static str,
    /// What to do about it.
    pub fix: &'static str,
}

macro_rules! code {
    ($code:literal, $severity:literal, $summary:literal, $fix:literal) => {
        CodeDoc {
            code: $code,
            severity: $severity,
            summary: $summary,
            fix: $fix,
        }
    };
}

/// Every non-rule code, in code order.
pub const CODES: &[CodeDoc] = &[
    code!(
        "EXPECT001",
        "error",
        "an `expect:` assertion does not hold: the reachability engine answers otherwise (the finding lists every blocker, or the path that should not exist)",
        "fix the design so the flow is (or is not) delivered, or correct the assertion"
    ),
    code!(
        "INPUT001",
        "error",
        "an input could not be read or imported (missing file, unreadable plan or export); the other inputs are still checked",
        "check the path and the file's format"
    ),
    code!(
        "JSON001",
        "error",
        "a `.json` design (or one starting with `{`) is not valid JSON",
        "fix the syntax near the position shown (brackets, commas, quotes)"
    ),
    code!(
        "POL001",
        "error",
        "a `deny` policy does not hold: some flow it denies is delivered (the finding gives a witness flow, its path and the rules that admit it)",
        "narrow the rule that admits the witness (`vpcsim fix` proposes the change), or correct the policy"
    ),
    code!(
        "POL002",
        "error",
        "an `allow-only` policy does not hold: a flow outside the allowed protocols and ports is delivered",
        "narrow the rule that admits the witness to the allowed ports, or widen the policy"
    ),
    code!(
        "POL003",
        "error",
        "a `require` policy does not hold: a required flow (or its return) is not delivered; the finding lists the blockers of a witness",
        "open the blocker for exactly that flow (`vpcsim fix` proposes the change)"
    ),
    code!(
        "POL004",
        "error",
        "an `isolate` policy does not hold: some flow gets from one group to the other (either way)",
        "remove the path the witness takes: the rule, route or peering that admits it"
    ),
    code!(
        "POL010",
        "error",
        "a policy cannot be read: unknown kind, bad selector, protocol or port, duplicate id, a CIDR destination wider than one address",
        "correct the policy as the message says (docs/policies.md lists kinds and selectors)"
    ),
    code!(
        "POL011",
        "warning",
        "a policy's `from` or `to` matches nothing in this design, so the policy is not evaluated (it would hold vacuously)",
        "check the names and tags, or drop the policy for this design"
    ),
    code!(
        "POL012",
        "error",
        "a `--policy` file holds something other than `policies:`, or no policy at all",
        "keep only `policies:` in the file; pass designs as DESIGN"
    ),
    code!(
        "POL013",
        "warning",
        "`--select policy:ID` or `--ignore policy:ID` names no policy of the design",
        "use the `id:` of a policy in the design or a --policy file"
    ),
    code!(
        "REF001",
        "error",
        "a name that nothing in the design defines (with \"did you mean\")",
        "define the resource or correct the name"
    ),
    code!(
        "REF002",
        "error",
        "a reference to a resource in another VPC where AWS requires the same VPC",
        "reference a resource of the same VPC, or use `vpc/name` where cross-VPC references are allowed"
    ),
    code!(
        "REF003",
        "error",
        "a route target name that matches several kinds of resource",
        "rename one of them, or qualify the target"
    ),
    code!(
        "SCHEMA001",
        "error",
        "an unknown key (with \"did you mean\")",
        "remove or correct the key; `vpcsim schema` lists the keys"
    ),
    code!(
        "SCHEMA002",
        "error",
        "a missing or mistyped value",
        "give the key a value of the documented type (docs/yaml-reference.md)"
    ),
    code!(
        "SUP001",
        "warning",
        "a `# vpcsim: ignore[…]` comment that cannot apply (unknown code, bad syntax, no reason)",
        "correct the comment; it must name a code and give a reason"
    ),
    code!(
        "SUP002",
        "warning",
        "a suppression comment that suppresses nothing (stale)",
        "delete the comment"
    ),
    code!(
        "VAL001",
        "error",
        "a value that does not parse: CIDR, address, protocol, port, enum",
        "write the value in the documented form (the message says which)"
    ),
    code!(
        "VAL002",
        "warning",
        "a CIDR with host bits set; AWS stores the network address (docs/semantics.md §1.2)",
        "write the network address the message suggests"
    ),
    code!(
        "VAL003",
        "error",
        "a block size outside /16–/28, or a block inside 169.254.0.0/16 (§1.1)",
        "use a block between /16 and /28 outside link-local space"
    ),
    code!(
        "VAL004",
        "error",
        "a subnet outside every CIDR block of its VPC (§1.3)",
        "move the subnet inside a VPC block, or add a secondary block"
    ),
    code!(
        "VAL005",
        "error",
        "overlapping subnets, or overlapping blocks of one VPC (§1.4)",
        "give each subnet its own range"
    ),
    code!(
        "VAL006",
        "error",
        "an Availability Zone outside its VPC's Region",
        "use an AZ of the Region (`eu-west-1a` for `eu-west-1`)"
    ),
    code!(
        "VAL007",
        "warning",
        "a secondary block that mixes RFC 1918 ranges with the primary's (§1.7, unconfirmed)",
        "pick the secondary block from the same RFC 1918 range"
    ),
    code!(
        "VAL010",
        "error",
        "an address outside its subnet, one of the five AWS-reserved addresses, or used twice (§1.5)",
        "pick a usable, free address of the subnet"
    ),
    code!(
        "VAL011",
        "error",
        "more network interfaces than the subnet has usable addresses",
        "use a larger subnet or fewer interfaces"
    ),
    code!(
        "VAL020",
        "error",
        "a route-table rule AWS enforces: two main tables, a duplicate destination (§2.4, §2.12)",
        "keep one main table and one route per destination"
    ),
    code!(
        "VAL021",
        "error",
        "a route to a target in another VPC without a peering or transit gateway",
        "route through the peering connection or transit gateway"
    ),
    code!(
        "VAL030",
        "error",
        "a NACL rule number out of range or duplicated, or a subnet in two NACLs (§6)",
        "number rules 1–32766 uniquely; associate each subnet with one NACL"
    ),
    code!(
        "VAL031",
        "error",
        "a security-group rule shape AWS refuses (from/to, `sg-` names, unpeered references)",
        "write the rule as docs/yaml-reference.md shows"
    ),
    code!(
        "VAL040",
        "error",
        "load balancer, target group or TGW attachment placement and listener rules (§7, §9.5)",
        "follow the placement rule the message names (AZs, subnets, ports)"
    ),
    code!(
        "VAL041",
        "error",
        "a DB subnet group in fewer than two AZs, or a cache without subnets (§8)",
        "give the group subnets in at least two AZs"
    ),
    code!(
        "VAL050",
        "error",
        "a peering AWS refuses: overlapping CIDRs, a VPC with itself, a duplicate pair (§9.1)",
        "peer VPCs with disjoint blocks, once per pair"
    ),
    code!(
        "VAL051",
        "error",
        "a public NAT gateway without an internet gateway, or a private NAT gateway with an Elastic IP (§4)",
        "attach an internet gateway, or drop the Elastic IP"
    ),
    code!(
        "VAL060",
        "error",
        "an internet gateway attached to two VPCs (§3.1)",
        "give each VPC its own internet gateway"
    ),
    code!(
        "VAL070",
        "error",
        "a quota: security groups per interface, rules per group (§5.4)",
        "split the rules over groups, or ask AWS to raise the quota"
    ),
    code!(
        "VAL071",
        "error",
        "`security_groups: []` on an interface's owner: every network interface has at least one security group (§15.8)",
        "omit the key to get the VPC's default group, or name a group"
    ),
    code!(
        "VAL080",
        "error",
        "`vpn_routes` on a VPC without a `vpn_gateway` (§15.11)",
        "name the virtual private gateway the routes go through"
    ),
    code!(
        "YAML001",
        "error",
        "the file is not valid YAML, or is empty",
        "fix the syntax near the position shown"
    ),
    code!(
        "YAML002",
        "error",
        "a name defined twice in the same map",
        "give the second one another name, or merge the two"
    ),
];

/// The documentation of a non-rule code (case-insensitive).
pub fn code_doc(code: &str) -> Option<&'static CodeDoc> {
    CODES.iter().find(|doc| doc.code.eq_ignore_ascii_case(code))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorted_unique_and_found() {
        let codes: Vec<&str> = CODES.iter().map(|d| d.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
        assert_eq!(code_doc("val071").map(|d| d.code), Some("VAL071"));
        assert!(code_doc("VAL999").is_none());
    }
}
