//! crabsnake: a static documentation site generator. The pipeline runs one way:
//! [`config`] -> [`content`] -> [`render`] (through [`markdown`]) -> [`linkcheck`] ->
//! [`assemble`] -> [`output`], listed in order by [`site::build`]. The commands in [`cmd`]
//! drive it; [`files`] guards every read.

pub mod assemble;
pub mod assets;
pub mod book;
pub mod cache;
pub mod cmd;
pub mod config;
pub mod content;
pub mod decision;
pub mod doctest;
pub mod error;
pub mod files;
pub mod highlight;
pub mod history;
pub mod include;
pub mod linkcheck;
pub mod markdown;
pub mod nav;
pub mod output;
pub mod print;
pub mod publish;
pub mod render;
pub mod script_json;
pub mod search;
pub mod site;
pub mod snippets;
pub mod template_facts;
pub mod templates;
pub mod timings;
