//! `matrix`: for every ordered pair of named resources, the flows that get through, over IPv4
//! and, when both ends have IPv6 addresses, over IPv6 (docs/semantics.md §16).

use rayon::prelude::*;
use vpcsim_flow::FlowSet;
use vpcsim_model::Resource;
use vpcsim_reach::Family;

use crate::analyzer::{Analyzer, Destination, Source};
use crate::exposure::named_resources;

/// One pair with at least one flow getting through.
#[derive(Debug, Clone)]
pub struct Pair {
    /// Source resource.
    pub from: Resource,
    /// Destination resource.
    pub to: Resource,
    /// Flows (protocol × source addresses of `from` × destination port).
    pub set: FlowSet,
}

impl Analyzer<'_, '_> {
    /// The named resources a matrix covers: all, or those in `scope`, in model order.
    pub fn matrix_resources(&self, scope: Option<&[Resource]>) -> Vec<Resource> {
        let all = named_resources(self.model());
        match scope {
            Some(scope) => all.into_iter().filter(|r| scope.contains(r)).collect(),
            None => all,
        }
    }

    /// The pairs with `from` as source towards every other resource of `resources` with at
    /// least one flow getting through, in `resources` order (destinations run in parallel on
    /// rayon's pool).
    pub fn matrix_row(&self, from: Resource, resources: &[Resource]) -> Vec<Pair> {
        resources
            .par_iter()
            .filter(|to| **to != from)
            .map(|to| {
                let (source, destination) = (Source::Resource(from), Destination::Resource(*to));
                let mut set = self.reach_once(source, destination, (0, 255), None).set;
                // §16: a dual-stack pair also talks over IPv6; its sources are IPv6 keys.
                let model = self.model();
                let ipv6 = |r: Resource| {
                    vpcsim_reach::query::has_ipv6(model, vpcsim_reach::QueryEndpoint::Resource(r))
                };
                if ipv6(from) && ipv6(*to) {
                    let v6 = self.reach_once_in(Family::V6, source, destination, (0, 255), None);
                    set = set.union(&v6.set).normalize();
                }
                Pair { from, to: *to, set }
            })
            .filter(|pair| !pair.set.is_empty())
            .collect()
    }

    /// Every ordered pair of distinct named resources (optionally only those in `scope`) with
    /// the flows that reach, one source row at a time, so memory holds one row however many
    /// pairs there are (`vpcsim matrix` streams its report this way). Pairs with nothing
    /// getting through are left out; rows come in model order.
    pub fn matrix_rows<'a>(
        &'a self,
        scope: Option<&[Resource]>,
    ) -> impl Iterator<Item = Vec<Pair>> + 'a {
        let resources = self.matrix_resources(scope);
        (0..resources.len()).map(move |index| self.matrix_row(resources[index], &resources))
    }

    /// Every pair of [`Analyzer::matrix_rows`], collected (for small models and tests).
    pub fn matrix(&self, scope: Option<&[Resource]>) -> Vec<Pair> {
        self.matrix_rows(scope).flatten().collect()
    }
}

#[cfg(test)]
mod tests {
    use vpcsim_model::{SourceFile, load};
    use vpcsim_reach::Engine;

    use crate::analyzer::Analyzer;

    /// Regression: the matrix kept every pair's cut points in the analyzer's cache (6.5 KB per
    /// pair, 8 GB for 1,000 resources). Pairs asked once leave nothing behind.
    #[test]
    fn matrix_leaves_no_per_pair_state_behind() {
        let mut text = String::from(
            "vpcs:\n  v:\n    cidr: 10.0.0.0/16\n    subnets:\n      a: { cidr: 10.0.0.0/24, az: x-1a }\n    security_groups:\n      open: { ingress: [ { proto: tcp, ports: 22, from: 10.0.0.0/16 } ] }\n    instances:\n",
        );
        for index in 0..30 {
            text.push_str(&format!(
                "      i{index}: {{ subnet: a, security_groups: [open] }}\n"
            ));
        }
        let loaded = load(&SourceFile {
            name: "m.yaml".into(),
            text,
        });
        let model = loaded.model.expect("loads");
        let engine = Engine::new(&model);
        let analyzer = Analyzer::new(&engine);
        let pairs = analyzer.matrix(None);
        assert_eq!(pairs.len(), 30 * 29);
        assert_eq!(analyzer.cached_pairs(), 0);
    }
}
