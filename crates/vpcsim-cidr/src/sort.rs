//! Sorting of prefix keys: LSD radix sort for IPv4's `u32` keys, the standard library's sort
//! for IPv6's `u128` keys.
//!
//! Sorting dominates aggregation and overlap detection. A three-pass radix sort (11-bit
//! digits) over a million IPv4 keys touches each element a handful of times in a predictable
//! pattern, several times faster than a comparison sort on this data; for 128-bit keys it
//! would need twelve passes, so IPv6 keeps the comparison sort.

/// Stable sort of `items` by a `u32` key: LSD radix, three passes of 11, 11 and 10 bits.
pub(crate) fn radix_sort_u32<T: Copy>(items: &mut Vec<T>, key: impl Fn(&T) -> u32) {
    const DIGIT_BITS: u32 = 11;
    const BUCKETS: usize = 1 << DIGIT_BITS;
    if items.len() < 512 {
        items.sort_by_key(|item| key(item));
        return;
    }
    // One histogram pass for all three digits.
    let mut counts = vec![[0usize; BUCKETS]; 3];
    for item in items.iter() {
        let k = key(item);
        counts[0][(k & (BUCKETS as u32 - 1)) as usize] += 1;
        counts[1][((k >> DIGIT_BITS) & (BUCKETS as u32 - 1)) as usize] += 1;
        counts[2][(k >> (2 * DIGIT_BITS)) as usize] += 1;
    }
    let n_items = items.len();
    let mut scratch: Vec<T> = items.clone();
    let mut sorted_in_items = true;
    for (pass, histogram) in counts.iter_mut().enumerate() {
        // A digit that is the same for every key leaves the order unchanged: skip the pass.
        if histogram.contains(&n_items) {
            continue;
        }
        let mut offset = 0;
        for count in histogram.iter_mut() {
            let bucket_len = *count;
            *count = offset;
            offset += bucket_len;
        }
        let shift = DIGIT_BITS * pass as u32;
        let (src, dst) = if sorted_in_items {
            (&*items, &mut scratch)
        } else {
            (&scratch, &mut *items)
        };
        for item in src {
            let digit = ((key(item) >> shift) & (BUCKETS as u32 - 1)) as usize;
            dst[histogram[digit]] = *item;
            histogram[digit] += 1;
        }
        sorted_in_items = !sorted_in_items;
    }
    if !sorted_in_items {
        std::mem::swap(items, &mut scratch);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn radix_sort_is_stable_and_sorted() {
        let mut state = 12345u64;
        let mut items: Vec<(u32, usize)> = (0..5000)
            .map(|idx| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                ((state >> 40) as u32 & 0xff00_0fff, idx)
            })
            .collect();
        let mut expected = items.clone();
        expected.sort_by_key(|item| item.0);
        radix_sort_u32(&mut items, |item| item.0);
        assert_eq!(items, expected);
    }
}
