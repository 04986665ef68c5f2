//! `kith circle add`.

use kith_core::{CircleName, Membership, Role};
use serde::Serialize;

use crate::cli::CircleCommand;
use crate::context::Options;
use crate::output::{MembershipJson, PersonRefJson, print_json};

/// `{"person":{"id","name"},"circle","role"}`.
#[derive(Debug, Serialize)]
struct JoinedJson {
    person: PersonRefJson,
    #[serde(flatten)]
    membership: MembershipJson,
}

pub(crate) fn run(options: &Options, command: CircleCommand) -> anyhow::Result<()> {
    let CircleCommand::Add {
        person,
        circle,
        role,
    } = command;
    let membership = Membership {
        circle: CircleName::parse(&circle)?,
        role: role.as_deref().map(Role::parse).transpose()?,
    };
    let mut context = options.open()?;
    let person = context.person(&person)?;
    context
        .store
        .write(|w| w.join_circle(person.id, &membership))?;
    let joined = context
        .store
        .detail(person.id)?
        .circles
        .into_iter()
        .find(|m| m.circle.key() == membership.circle.key())
        .expect("a circle just joined is among the person's circles");
    if options.json {
        print_json(&JoinedJson {
            person: (&person).into(),
            membership: MembershipJson {
                circle: joined.circle.to_string(),
                role: joined.role.as_ref().map(ToString::to_string),
            },
        })
    } else {
        match &joined.role {
            Some(role) => say!("{} is in {} as {role}.", person.name, joined.circle),
            None => say!("{} is in {}.", person.name, joined.circle),
        }
        Ok(())
    }
}
