//! `setTimeout` / `setInterval` support: one queue of deadlines and one
//! driver future that sleeps until the earliest and fires due timers in
//! deadline order (ties in creation order), running the microtasks after
//! each, like a browser. The callbacks themselves live in JS (`core.js`
//! keeps a `Map` id → callback); the driver calls `__mh.fire(id)`. The
//! driver ends when the queue is empty, so pending timers keep the host
//! alive and cleared ones do not.

use std::cell::{Cell, RefCell};
use std::collections::{BTreeMap, HashMap};
use std::rc::Rc;
use std::time::{Duration, Instant};

use rquickjs::{Ctx, Function, Object};
use tokio::sync::Notify;

use crate::console::invoke;
use crate::state::State;

/// The pending timers of one host.
#[derive(Default)]
pub(crate) struct Timers {
    queue: RefCell<BTreeMap<(Instant, u64), u32>>,
    by_id: RefCell<HashMap<u32, (Instant, u64)>>,
    seq: Cell<u64>,
    notify: Notify,
    running: Cell<bool>,
}

impl Timers {
    /// Arms timer `id` to fire in `ms`; true if it is now the earliest.
    fn set(&self, id: u32, ms: f64) -> bool {
        self.clear(id);
        let ms = if ms.is_finite() && ms > 0.0 { ms } else { 0.0 };
        let now = Instant::now();
        let at = now
            .checked_add(Duration::from_secs_f64(ms / 1000.0))
            .unwrap_or(now);
        let seq = self.seq.get();
        self.seq.set(seq + 1);
        let mut q = self.queue.borrow_mut();
        q.insert((at, seq), id);
        self.by_id.borrow_mut().insert(id, (at, seq));
        q.first_key_value().map(|(k, _)| *k) == Some((at, seq))
    }

    fn clear(&self, id: u32) -> bool {
        match self.by_id.borrow_mut().remove(&id) {
            Some(key) => {
                self.queue.borrow_mut().remove(&key);
                true
            }
            None => false,
        }
    }

    /// When the earliest pending timer is due.
    pub(crate) fn next_due(&self) -> Option<Instant> {
        self.first()
    }

    fn first(&self) -> Option<Instant> {
        self.queue
            .borrow()
            .first_key_value()
            .map(|((at, _), _)| *at)
    }

    fn pop_due(&self, now: Instant) -> Option<u32> {
        let mut q = self.queue.borrow_mut();
        let (&key, _) = q.first_key_value()?;
        if key.0 > now {
            return None;
        }
        let id = q.remove(&key)?;
        self.by_id.borrow_mut().remove(&id);
        Some(id)
    }
}

/// Installs `__mh.setTimer(id, ms)` and `__mh.clearTimer(id)`.
pub(crate) fn install<'js>(
    ctx: &Ctx<'js>,
    mh: &Object<'js>,
    state: &Rc<State>,
) -> rquickjs::Result<()> {
    let st = state.clone();
    mh.set(
        "setTimer",
        Function::new(ctx.clone(), move |ctx: Ctx<'js>, id: u32, ms: f64| {
            let earliest = st.timers.set(id, ms);
            if !st.timers.running.get() {
                st.timers.running.set(true);
                ctx.spawn(driver(ctx.clone(), st.clone()));
            } else if earliest {
                st.timers.notify.notify_one();
            }
        })?,
    )?;
    let st = state.clone();
    mh.set(
        "clearTimer",
        Function::new(ctx.clone(), move |id: u32| {
            if st.timers.clear(id) && st.timers.running.get() {
                st.timers.notify.notify_one();
            }
        })?,
    )?;
    Ok(())
}

async fn driver<'js>(ctx: Ctx<'js>, st: Rc<State>) {
    loop {
        if st.stopping.get() {
            break;
        }
        let Some(first) = st.timers.first() else {
            break;
        };
        let now = Instant::now();
        if first > now {
            tokio::select! {
                _ = tokio::time::sleep_until(first.into()) => {}
                _ = st.timers.notify.notified() => {}
            }
            continue;
        }
        if let Some(id) = st.timers.pop_due(now) {
            let fire = ctx
                .globals()
                .get::<_, Object>("__mh")
                .and_then(|mh| mh.get::<_, Function>("fire"));
            match fire {
                Ok(f) => invoke(&ctx, &st, &f, (id,)),
                Err(e) => crate::console::report_error(&ctx, &st, e),
            }
        }
    }
    st.timers.running.set(false);
}
