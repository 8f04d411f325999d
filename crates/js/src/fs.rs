//! PLACEHOLDER for the fs API family (another helper writes it): installs
//! its natives on `__mh`; its glue is `js/fs.js`.

use std::rc::Rc;

use rquickjs::{Ctx, Object};

use crate::state::State;

/// Installs the natives of this family on `mh` (none yet).
pub(crate) fn install<'js>(
    _ctx: &Ctx<'js>,
    _mh: &Object<'js>,
    _state: &Rc<State>,
) -> rquickjs::Result<()> {
    Ok(())
}
