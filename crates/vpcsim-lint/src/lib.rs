//! vpcsim-lint (being built).
