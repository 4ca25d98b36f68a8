//! Shared helpers for vpcsim benchmarks.
