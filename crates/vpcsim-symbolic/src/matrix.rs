//! `matrix`: for every ordered pair of named resources, the flows that get through.

use rayon::prelude::*;
use vpcsim_flow::FlowSet;
use vpcsim_model::Resource;

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
    /// Every ordered pair of distinct named resources (optionally only those in `scope`) with
    /// the flows that reach; pairs with nothing getting through are left out. Pairs run in
    /// parallel on rayon's pool; the output is in model order.
    pub fn matrix(&self, scope: Option<&[Resource]>) -> Vec<Pair> {
        let all = named_resources(self.model());
        let resources: Vec<Resource> = match scope {
            Some(scope) => all.into_iter().filter(|r| scope.contains(r)).collect(),
            None => all,
        };
        let pairs: Vec<(Resource, Resource)> = resources
            .iter()
            .flat_map(|from| resources.iter().map(move |to| (*from, *to)))
            .filter(|(from, to)| from != to)
            .collect();
        pairs
            .par_iter()
            .map(|(from, to)| Pair {
                from: *from,
                to: *to,
                set: self
                    .reach(
                        Source::Resource(*from),
                        Destination::Resource(*to),
                        (0, 255),
                        None,
                    )
                    .set,
            })
            .filter(|pair| !pair.set.is_empty())
            .collect()
    }
}
