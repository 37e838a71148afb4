//! crabsnake: a static documentation site generator. The pipeline runs one way:
//! [`config`] -> [`content`] -> [`markdown`] -> [`site`] (templates, link check, search,
//! output). The commands in [`cmd`] drive it.

pub mod cmd;
pub mod config;
pub mod content;
pub mod decision;
pub mod error;
pub mod highlight;
pub mod include;
pub mod markdown;
pub mod output;
pub mod search;
pub mod site;
pub mod snippets;
pub mod templates;
