//! SHARED: what every stage and command may use — diagnostics, keys, text and HTML helpers,
//! the one HTTP client. Nothing here knows a stage.

pub mod digest;
pub mod error;
pub mod html;
pub mod net;
pub mod slug;
