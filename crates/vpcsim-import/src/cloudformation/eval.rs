//! Intrinsic functions evaluated as CloudFormation does, where the template determines them:
//! `Ref` (parameters, pseudo parameters, resources), `Fn::GetAtt` for the attributes that are
//! ids or template properties, `Fn::Sub`, `Fn::Join`, `Fn::Select`, `Fn::Split`, `Fn::If` with
//! `Conditions`, `Fn::FindInMap`, `Fn::GetAZs`, `Fn::Cidr`, `Fn::Base64`.
//!
//! A resource's `Ref` and its id-valued attributes (`GroupId`, `AllocationId`, `…Arn`) all
//! evaluate to its logical id, which is the id the inventory keys it by. Anything else — an
//! `Fn::ImportValue`, an SSM parameter, a parameter without a default, a runtime attribute
//! such as a DNS name — evaluates to [`Val::Unknown`] with the reason, and the reader warns
//! naming the logical id.

use std::cell::Cell;
use std::collections::BTreeMap;

use super::template::Node;

/// An evaluated value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Val {
    Null,
    /// Every scalar: CloudFormation passes numbers and booleans as strings.
    Str(String),
    List(Vec<Val>),
    Map(Vec<(String, Val)>),
    /// `Ref: AWS::NoValue`: the property (or list item) is removed.
    NoValue,
    /// Not determined by the template; the reason names what is missing.
    Unknown(String),
}

impl Val {
    pub(crate) fn get(&self, key: &str) -> Option<&Val> {
        match self {
            Val::Map(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn unknown(&self) -> Option<&str> {
        match self {
            Val::Unknown(reason) => Some(reason),
            Val::List(items) => items.iter().find_map(Val::unknown),
            _ => None,
        }
    }
}

/// Regions whose Availability Zones `Fn::GetAZs` lists; others get `a`, `b`, `c`.
fn azs_of(region: &str) -> Vec<String> {
    let letters: &[&str] = match region {
        // The documented example (Fn::GetAZs reference): five zones in us-east-1.
        "us-east-1" => &["a", "b", "c", "d", "e"],
        _ => &["a", "b", "c"],
    };
    letters.iter().map(|l| format!("{region}{l}")).collect()
}

/// `Fn::Cidr [ipBlock, count, cidrBits]`: `count` blocks with `cidrBits` host bits each, in
/// address order from the start of `ipBlock`.
pub(crate) fn cidr(block: &str, count: u32, host_bits: u32) -> Result<Vec<String>, String> {
    let net = vpcsim_cidr::parse_any(block).map_err(|e| format!("Fn::Cidr: {e}"))?;
    let max = u32::from(net.max_prefix_len());
    if host_bits == 0 || host_bits > max {
        return Err(format!(
            "Fn::Cidr: cidrBits {host_bits} is not between 1 and {max}"
        ));
    }
    let new_len = u8::try_from(max - host_bits).unwrap_or(0);
    if new_len < net.prefix_len() {
        return Err(format!(
            "Fn::Cidr: {host_bits} host bits do not fit in {block} (a /{} block)",
            net.prefix_len()
        ));
    }
    let parts: Vec<String> = match net {
        vpcsim_cidr::IpNet::V4(v4) => vpcsim_cidr::split(&v4, new_len)
            .map_err(|e| format!("Fn::Cidr: {e}"))?
            .take(count as usize)
            .map(|n| n.to_string())
            .collect(),
        vpcsim_cidr::IpNet::V6(v6) => vpcsim_cidr::split(&v6, new_len)
            .map_err(|e| format!("Fn::Cidr: {e}"))?
            .take(count as usize)
            .map(|n| n.to_string())
            .collect(),
    };
    if parts.len() < count as usize {
        return Err(format!(
            "Fn::Cidr: {block} holds only {} blocks of {host_bits} host bits, {count} asked",
            parts.len()
        ));
    }
    Ok(parts)
}

/// What intrinsics are evaluated against.
pub(crate) struct Context<'t> {
    pub(crate) params: BTreeMap<String, Val>,
    pub(crate) mappings: Option<&'t Node>,
    pub(crate) conditions: Option<&'t Node>,
    /// Logical id → resource node.
    pub(crate) resources: BTreeMap<String, &'t Node>,
    pub(crate) region: String,
    pub(crate) account: String,
    pub(crate) stack_name: String,
    depth: Cell<usize>,
}

fn unknown(reason: impl Into<String>) -> Val {
    Val::Unknown(reason.into())
}

impl<'t> Context<'t> {
    pub(crate) fn new(
        params: BTreeMap<String, Val>,
        mappings: Option<&'t Node>,
        conditions: Option<&'t Node>,
        resources: BTreeMap<String, &'t Node>,
        region: String,
    ) -> Self {
        Context {
            params,
            mappings,
            conditions,
            resources,
            region,
            account: "123456789012".to_owned(),
            stack_name: "stack".to_owned(),
            depth: Cell::new(0),
        }
    }

    /// Evaluates a node.
    pub(crate) fn eval(&self, node: &Node) -> Val {
        let depth = self.depth.get();
        if depth > 64 {
            return unknown("intrinsic functions nested too deeply (a reference cycle?)");
        }
        self.depth.set(depth + 1);
        let value = self.eval_inner(node);
        self.depth.set(depth);
        value
    }

    fn eval_inner(&self, node: &Node) -> Val {
        match node {
            Node::Null(_) => Val::Null,
            Node::Scalar { text, .. } => Val::Str(text.clone()),
            Node::Seq(items, _) => Val::List(
                items
                    .iter()
                    .map(|i| self.eval(i))
                    .filter(|v| *v != Val::NoValue)
                    .collect(),
            ),
            Node::Map(entries, _) => {
                if let [(key, arg)] = entries.as_slice()
                    && (key == "Ref" || key.starts_with("Fn::"))
                {
                    return self.intrinsic(key, arg);
                }
                Val::Map(
                    entries
                        .iter()
                        .map(|(k, v)| (k.clone(), self.eval(v)))
                        .filter(|(_, v)| *v != Val::NoValue)
                        .collect(),
                )
            }
        }
    }

    fn string(&self, node: &Node) -> Result<String, Val> {
        match self.eval(node) {
            Val::Str(s) => Ok(s),
            Val::Null => Ok(String::new()),
            u @ Val::Unknown(_) => Err(u),
            other => Err(unknown(format!(
                "expected a string, found {}",
                describe(&other)
            ))),
        }
    }

    fn list(&self, node: &Node) -> Result<Vec<Val>, Val> {
        match self.eval(node) {
            Val::List(items) => Ok(items),
            u @ Val::Unknown(_) => Err(u),
            other => Err(unknown(format!(
                "expected a list, found {}",
                describe(&other)
            ))),
        }
    }

    fn args<'n>(name: &str, arg: &'n Node, n: usize) -> Result<&'n [Node], Val> {
        match arg {
            Node::Seq(items, _) if items.len() == n => Ok(items),
            _ => Err(unknown(format!("{name} expects a list of {n} arguments"))),
        }
    }

    /// `Ref` to a name: a parameter, a pseudo parameter or a resource.
    pub(crate) fn reference(&self, name: &str) -> Val {
        match name {
            "AWS::Region" => return Val::Str(self.region.clone()),
            "AWS::AccountId" => return Val::Str(self.account.clone()),
            "AWS::StackName" => return Val::Str(self.stack_name.clone()),
            "AWS::StackId" => {
                return Val::Str(format!(
                    "arn:aws:cloudformation:{}:{}:stack/{}/id",
                    self.region, self.account, self.stack_name
                ));
            }
            "AWS::Partition" => return Val::Str("aws".to_owned()),
            "AWS::URLSuffix" => return Val::Str("amazonaws.com".to_owned()),
            "AWS::NoValue" => return Val::NoValue,
            "AWS::NotificationARNs" => return Val::List(Vec::new()),
            _ => {}
        }
        if let Some(value) = self.params.get(name) {
            return value.clone();
        }
        if self.resources.contains_key(name) {
            return Val::Str(name.to_owned());
        }
        unknown(format!(
            "Ref to `{name}`, which is neither a parameter nor a resource"
        ))
    }

    fn get_att(&self, resource: &str, attribute: &str) -> Val {
        let Some(node) = self.resources.get(resource) else {
            return unknown(format!(
                "Fn::GetAtt to `{resource}`, which is not a resource"
            ));
        };
        let kind = node.get("Type").and_then(Node::as_str).unwrap_or_default();
        let property = |name: &str| match node.get("Properties").and_then(|p| p.get(name)) {
            Some(value) => self.eval(value),
            None => unknown(format!(
                "Fn::GetAtt {resource}.{attribute}: `{name}` is not set, so AWS chooses it at deploy time"
            )),
        };
        match (kind, attribute) {
            ("AWS::EC2::VPC", "CidrBlock")
            | ("AWS::EC2::Subnet", "CidrBlock" | "AvailabilityZone" | "VpcId")
            | ("AWS::EC2::SecurityGroup", "VpcId") => property(attribute),
            ("AWS::EC2::Instance", "PrivateIp") => property("PrivateIpAddress"),
            ("AWS::EC2::NetworkInterface", "PrimaryPrivateIpAddress") => {
                property("PrivateIpAddress")
            }
            ("AWS::EC2::VPC", "DefaultSecurityGroup" | "DefaultNetworkAcl") => unknown(format!(
                "Fn::GetAtt {resource}.{attribute}: the VPC's default group/ACL has no id in the template"
            )),
            (_, a) if a == "Id" || a.ends_with("Id") || a.ends_with("Arn") => {
                Val::Str(resource.to_owned())
            }
            _ => unknown(format!(
                "Fn::GetAtt {resource}.{attribute} is only known after deployment"
            )),
        }
    }

    fn intrinsic(&self, name: &str, arg: &Node) -> Val {
        self.intrinsic_result(name, arg).unwrap_or_else(|v| v)
    }

    fn intrinsic_result(&self, name: &str, arg: &Node) -> Result<Val, Val> {
        Ok(match name {
            "Ref" => self.reference(&self.string(arg)?),
            "Fn::GetAtt" => {
                let (resource, attribute) = match arg {
                    Node::Seq(items, _) if items.len() == 2 => {
                        (self.string(&items[0])?, self.string(&items[1])?)
                    }
                    Node::Scalar { text, .. } => {
                        let (r, a) = text.split_once('.').unwrap_or((text, ""));
                        (r.to_owned(), a.to_owned())
                    }
                    _ => return Err(unknown("Fn::GetAtt expects [resource, attribute]")),
                };
                self.get_att(&resource, &attribute)
            }
            "Fn::Sub" => {
                let (template, vars) = match arg {
                    Node::Seq(items, _) if items.len() == 2 => {
                        let vars = match self.eval(&items[1]) {
                            Val::Map(entries) => entries,
                            u @ Val::Unknown(_) => return Err(u),
                            _ => return Err(unknown("Fn::Sub variables must be a map")),
                        };
                        (self.string(&items[0])?, vars)
                    }
                    _ => (self.string(arg)?, Vec::new()),
                };
                Val::Str(self.sub(&template, &vars)?)
            }
            "Fn::Join" => {
                let items = Self::args(name, arg, 2)?;
                let delimiter = self.string(&items[0])?;
                let parts = self.list(&items[1])?;
                let mut out = Vec::new();
                for part in parts {
                    match part {
                        Val::Str(s) => out.push(s),
                        Val::Null => out.push(String::new()),
                        u @ Val::Unknown(_) => return Err(u),
                        other => {
                            return Err(unknown(format!(
                                "Fn::Join of {}, not a string",
                                describe(&other)
                            )));
                        }
                    }
                }
                Val::Str(out.join(&delimiter))
            }
            "Fn::Select" => {
                let items = Self::args(name, arg, 2)?;
                let index = self.string(&items[0])?;
                let list = self.list(&items[1])?;
                let index: usize = index
                    .trim()
                    .parse()
                    .map_err(|_| unknown(format!("Fn::Select index `{index}` is not a number")))?;
                let len = list.len();
                list.into_iter().nth(index).ok_or_else(|| {
                    unknown(format!(
                        "Fn::Select index {index} out of range (list of {len})"
                    ))
                })?
            }
            "Fn::Split" => {
                let items = Self::args(name, arg, 2)?;
                let delimiter = self.string(&items[0])?;
                let text = self.string(&items[1])?;
                if delimiter.is_empty() {
                    return Err(unknown("Fn::Split with an empty delimiter"));
                }
                Val::List(
                    text.split(delimiter.as_str())
                        .map(|s| Val::Str(s.to_owned()))
                        .collect(),
                )
            }
            "Fn::If" => {
                let items = Self::args(name, arg, 3)?;
                let condition = self.string(&items[0])?;
                match self.condition(&condition)? {
                    true => self.eval(&items[1]),
                    false => self.eval(&items[2]),
                }
            }
            "Fn::Equals" | "Fn::And" | "Fn::Or" | "Fn::Not" => {
                Val::Str(self.condition_expr(name, arg)?.to_string())
            }
            "Fn::FindInMap" => {
                let items = match arg {
                    Node::Seq(items, _) if items.len() >= 3 => items,
                    _ => return Err(unknown("Fn::FindInMap expects [map, key, key]")),
                };
                let map = self.string(&items[0])?;
                let top = self.string(&items[1])?;
                let second = self.string(&items[2])?;
                let found = self
                    .mappings
                    .and_then(|m| m.get(&map))
                    .and_then(|m| m.get(&top))
                    .and_then(|m| m.get(&second));
                match found {
                    Some(node) => self.eval(node),
                    None => match items.get(3).and_then(|d| d.get("DefaultValue")) {
                        Some(default) => self.eval(default),
                        None => {
                            return Err(unknown(format!(
                                "Fn::FindInMap: no `{map}.{top}.{second}` in Mappings"
                            )));
                        }
                    },
                }
            }
            "Fn::GetAZs" => {
                let region = self.string(arg)?;
                let region = if region.is_empty() {
                    self.region.clone()
                } else {
                    region
                };
                Val::List(azs_of(&region).into_iter().map(Val::Str).collect())
            }
            "Fn::Cidr" => {
                let items = Self::args(name, arg, 3)?;
                let block = self.string(&items[0])?;
                let count = self.string(&items[1])?;
                let bits = self.string(&items[2])?;
                let (Ok(count), Ok(bits)) = (count.trim().parse(), bits.trim().parse()) else {
                    return Err(unknown("Fn::Cidr count and cidrBits must be numbers"));
                };
                let blocks = cidr(&block, count, bits).map_err(unknown)?;
                Val::List(blocks.into_iter().map(Val::Str).collect())
            }
            "Fn::Base64" => self.eval(arg),
            "Fn::ImportValue" => {
                let export = self.string(arg).unwrap_or_else(|_| "?".to_owned());
                unknown(format!(
                    "Fn::ImportValue `{export}` is another stack's output, not determined by this template"
                ))
            }
            other => unknown(format!("{other} is not evaluated by vpcsim")),
        })
    }

    fn sub(&self, template: &str, vars: &[(String, Val)]) -> Result<String, Val> {
        let mut out = String::new();
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            let name = &after[..end];
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
            } else {
                let name = name.trim();
                let value = match vars.iter().find(|(k, _)| k == name) {
                    Some((_, value)) => value.clone(),
                    None => match name.split_once('.') {
                        Some((resource, attribute))
                            if !name.starts_with("AWS::") && !self.params.contains_key(name) =>
                        {
                            self.get_att(resource, attribute)
                        }
                        _ => self.reference(name),
                    },
                };
                match value {
                    Val::Str(s) => out.push_str(&s),
                    Val::List(items) if items.iter().all(|i| matches!(i, Val::Str(_))) => {
                        let parts: Vec<String> = items
                            .into_iter()
                            .filter_map(|i| match i {
                                Val::Str(s) => Some(s),
                                _ => None,
                            })
                            .collect();
                        out.push_str(&parts.join(","));
                    }
                    u @ Val::Unknown(_) => return Err(u),
                    other => {
                        return Err(unknown(format!(
                            "Fn::Sub `${{{name}}}` is {}, not a string",
                            describe(&other)
                        )));
                    }
                }
            }
            rest = &after[end + 1..];
        }
        out.push_str(rest);
        Ok(out)
    }

    /// A named condition from `Conditions`; `Err` when it cannot be decided.
    pub(crate) fn condition(&self, name: &str) -> Result<bool, Val> {
        let Some(node) = self.conditions.and_then(|c| c.get(name)) else {
            return Err(unknown(format!("condition `{name}` is not defined")));
        };
        let depth = self.depth.get();
        if depth > 64 {
            return Err(unknown("conditions nested too deeply (a cycle?)"));
        }
        self.depth.set(depth + 1);
        let result = self.condition_node(node);
        self.depth.set(depth);
        result
    }

    fn condition_node(&self, node: &Node) -> Result<bool, Val> {
        match node {
            Node::Map(entries, _) if entries.len() == 1 => {
                let (key, arg) = &entries[0];
                if key == "Condition" {
                    let name = self.string(arg)?;
                    return self.condition(&name);
                }
                self.condition_expr(key, arg)
            }
            _ => match self.eval(node) {
                Val::Str(s) if s == "true" => Ok(true),
                Val::Str(s) if s == "false" => Ok(false),
                u @ Val::Unknown(_) => Err(u),
                other => Err(unknown(format!("a condition is {}", describe(&other)))),
            },
        }
    }

    fn condition_expr(&self, name: &str, arg: &Node) -> Result<bool, Val> {
        let items = match arg {
            Node::Seq(items, _) => items.as_slice(),
            _ => return Err(unknown(format!("{name} expects a list"))),
        };
        match name {
            "Fn::Equals" => {
                let items = Self::args(name, arg, 2)?;
                let a = self.eval(&items[0]);
                let b = self.eval(&items[1]);
                if let Some(reason) = a.unknown().or(b.unknown()) {
                    return Err(unknown(reason.to_owned()));
                }
                Ok(a == b)
            }
            "Fn::Not" => Ok(!self.condition_node(
                items
                    .first()
                    .ok_or_else(|| unknown("Fn::Not expects one condition"))?,
            )?),
            "Fn::And" | "Fn::Or" => {
                let and = name == "Fn::And";
                let mut undecided = None;
                for item in items {
                    match self.condition_node(item) {
                        Ok(value) if value != and => return Ok(value),
                        Ok(_) => {}
                        Err(u) => undecided = Some(u),
                    }
                }
                match undecided {
                    Some(u) => Err(u),
                    None => Ok(and),
                }
            }
            "Fn::If" => {
                match self.eval(&Node::Map(vec![(name.to_owned(), arg.clone())], arg.pos())) {
                    Val::Str(s) if s == "true" => Ok(true),
                    Val::Str(s) if s == "false" => Ok(false),
                    u @ Val::Unknown(_) => Err(u),
                    other => Err(unknown(format!("a condition is {}", describe(&other)))),
                }
            }
            other => Err(unknown(format!("{other} is not a condition function"))),
        }
    }
}

fn describe(value: &Val) -> &'static str {
    match value {
        Val::Null => "null",
        Val::Str(_) => "a string",
        Val::List(_) => "a list",
        Val::Map(_) => "a map",
        Val::NoValue => "AWS::NoValue",
        Val::Unknown(_) => "unknown",
    }
}

#[cfg(test)]
mod tests {
    use super::super::template::parse;
    use super::*;

    fn context(root: &Node) -> Context<'_> {
        let resources = root
            .get("Resources")
            .map(|r| r.entries().iter().map(|(k, v)| (k.clone(), v)).collect())
            .unwrap_or_default();
        let mut params = BTreeMap::new();
        params.insert("Env".to_owned(), Val::Str("prod".to_owned()));
        params.insert("VpcCidr".to_owned(), Val::Str("10.0.0.0/16".to_owned()));
        Context::new(
            params,
            root.get("Mappings"),
            root.get("Conditions"),
            resources,
            "us-east-1".to_owned(),
        )
    }

    fn eval_of(yaml: &str) -> Val {
        let root = parse(yaml).unwrap();
        let ctx = context(&root);
        ctx.eval(root.get("X").unwrap())
    }

    fn strs(items: &[&str]) -> Val {
        Val::List(items.iter().map(|s| Val::Str((*s).to_owned())).collect())
    }

    #[test]
    fn fn_cidr_documented_example() {
        // The Fn::Cidr reference: `!Cidr [ "192.168.0.0/24", 6, 5 ]`.
        assert_eq!(
            eval_of("X: !Cidr [ \"192.168.0.0/24\", 6, 5 ]"),
            strs(&[
                "192.168.0.0/27",
                "192.168.0.32/27",
                "192.168.0.64/27",
                "192.168.0.96/27",
                "192.168.0.128/27",
                "192.168.0.160/27"
            ])
        );
        // The IPv6 example's shape: 64 host bits from a /56.
        assert_eq!(
            cidr("2001:db8:1234:1a00::/56", 2, 64).unwrap(),
            ["2001:db8:1234:1a00::/64", "2001:db8:1234:1a01::/64"]
        );
        assert!(cidr("10.0.0.0/24", 9, 5).unwrap_err().contains("only 8"));
        assert!(cidr("10.0.0.0/24", 1, 9).is_err());
    }

    proptest::proptest! {
        /// `Fn::Cidr` agrees with plain address arithmetic: block `i` starts at
        /// `base + i * 2^cidrBits` and is a `/(32 - cidrBits)`.
        #[test]
        fn fn_cidr_is_address_arithmetic(base in 0u32.., len in 8u8..=28, bits in 2u32..=16, count in 1u32..=64) {
            let mask = if len == 0 { 0 } else { u32::MAX << (32 - u32::from(len)) };
            let network = base & mask;
            let block = format!("{}/{len}", std::net::Ipv4Addr::from(network));
            let fits = bits <= 32 - u32::from(len) && u64::from(count) <= 1u64 << (32 - u32::from(len) - bits.min(32 - u32::from(len)));
            match cidr(&block, count, bits) {
                Ok(blocks) => {
                    proptest::prop_assert!(fits);
                    for (i, got) in blocks.iter().enumerate() {
                        let start = u64::from(network) + (i as u64) * (1u64 << bits);
                        let expected = format!("{}/{}", std::net::Ipv4Addr::from(start as u32), 32 - bits);
                        proptest::prop_assert_eq!(got, &expected);
                    }
                    proptest::prop_assert_eq!(blocks.len(), count as usize);
                }
                Err(_) => proptest::prop_assert!(!fits),
            }
        }
    }

    #[test]
    fn fn_getazs_documented_example() {
        let expected = strs(&[
            "us-east-1a",
            "us-east-1b",
            "us-east-1c",
            "us-east-1d",
            "us-east-1e",
        ]);
        assert_eq!(eval_of("X: !GetAZs ''"), expected);
        assert_eq!(
            eval_of("X: {\"Fn::GetAZs\": {\"Ref\": \"AWS::Region\"}}"),
            expected
        );
        assert_eq!(eval_of("X: !GetAZs us-east-1"), expected);
        assert_eq!(
            eval_of("X: !Select [1, !GetAZs eu-west-1]"),
            Val::Str("eu-west-1b".to_owned())
        );
    }

    #[test]
    fn select_split_join_sub() {
        assert_eq!(
            eval_of("X: !Select [2, !Cidr [!Ref VpcCidr, 4, 8]]"),
            Val::Str("10.0.2.0/24".to_owned())
        );
        assert_eq!(
            eval_of("X: !Join ['-', [a, !Ref Env, !Select [1, !Split [',', 'x,y,z']]]]"),
            Val::Str("a-prod-y".to_owned())
        );
        assert_eq!(
            eval_of(
                "X: !Sub '${Env}-${AWS::Region}-${!Literal}-${R.GroupId}'\nResources:\n  R:\n    Type: AWS::EC2::SecurityGroup\n"
            ),
            Val::Str("prod-us-east-1-${Literal}-R".to_owned())
        );
        assert_eq!(
            eval_of("X: !Sub ['${A}/${Env}', {A: !Ref VpcCidr}]"),
            Val::Str("10.0.0.0/16/prod".to_owned())
        );
    }

    #[test]
    fn conditions_and_if() {
        let yaml = "Conditions:\n  IsProd: !Equals [!Ref Env, prod]\n  NotProd: !Not [!Condition IsProd]\n  Both: !And [!Condition IsProd, !Equals [a, a]]\nX: [!If [IsProd, yes, no], !If [NotProd, yes, no], !If [Both, 1, 2], !If [NotProd, x, !Ref AWS::NoValue]]\n";
        assert_eq!(eval_of(yaml), strs(&["yes", "no", "1"]));
    }

    #[test]
    fn mappings() {
        let yaml = "Mappings:\n  Net:\n    prod: {Cidr: 10.1.0.0/16}\nX: !FindInMap [Net, !Ref Env, Cidr]\n";
        assert_eq!(eval_of(yaml), Val::Str("10.1.0.0/16".to_owned()));
        assert!(matches!(
            eval_of("Mappings: {}\nX: !FindInMap [Net, a, b]\n"),
            Val::Unknown(_)
        ));
    }

    #[test]
    fn undetermined_values_say_why() {
        let Val::Unknown(reason) = eval_of("X: !ImportValue shared-vpc-id") else {
            panic!()
        };
        assert!(reason.contains("shared-vpc-id"), "{reason}");
        let Val::Unknown(reason) = eval_of("X: !Join ['', [!Ref Missing]]") else {
            panic!()
        };
        assert!(reason.contains("Missing"), "{reason}");
    }
}
