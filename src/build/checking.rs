//! CHECK: every internal link and anchor of the rendered pages (`check`); `external` follows
//! the links that leave the site, for `gen check --external`.

pub mod check;
pub mod external;
