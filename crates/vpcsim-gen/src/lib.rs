//! vpcsim-gen (being built).
