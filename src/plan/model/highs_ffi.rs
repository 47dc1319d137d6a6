//! Every call into HiGHS's C API that the `highs` crate does not wrap, as safe functions. This
//! is the only file of the model with `unsafe` code.
//!
//! A HiGHS call that returns an error status leaves the model unchanged. For calls that only
//! take indices of the planner's own making, that is a fault of the planner; for calls that pass
//! numbers from the scenario (coefficients, costs), it usually means a number beyond what HiGHS
//! accepts, which [`out_of_range`] finds so that the error can name it.

use crate::plan::error::{ModelPart, PlanError};
use highs_sys::HighsInt;
use std::path::Path;

/// The least magnitude of a matrix coefficient HiGHS refuses (its `large_matrix_value`).
const LARGE_COEFFICIENT: f64 = 1e15;

/// The magnitude from which HiGHS takes a cost or a bound as infinite (`infinite_cost`,
/// `infinite_bound`).
const INFINITE: f64 = 1e20;

/// The first value of `part` among `values` that HiGHS refuses, if any: a coefficient of 1e15
/// or more in magnitude or not finite; a cost that is NaN or of 1e20 or more; a bound that is
/// NaN (see `bounds_out_of_range` for infinite bounds).
pub(super) fn out_of_range(part: ModelPart, values: impl IntoIterator<Item = f64>) -> Option<f64> {
    values.into_iter().find(|v| match part {
        ModelPart::Coefficient => !v.is_finite() || v.abs() >= LARGE_COEFFICIENT,
        ModelPart::Cost => v.is_nan() || v.abs() >= INFINITE,
        ModelPart::Bound => v.is_nan(),
    })
}

/// The first bound among (lower, upper) pairs that HiGHS refuses, if any: NaN, a lower bound
/// of +∞ (1e20 or more) or an upper bound of −∞.
pub(super) fn bounds_out_of_range(bounds: impl IntoIterator<Item = (f64, f64)>) -> Option<f64> {
    bounds.into_iter().find_map(|(lb, ub)| {
        if lb.is_nan() || lb >= INFINITE {
            Some(lb)
        } else if ub.is_nan() || ub <= -INFINITE {
            Some(ub)
        } else {
            None
        }
    })
}

/// A HiGHS call's status as a result (see the module's comment).
fn checked(status: HighsInt, what: &'static str) -> Result<(), PlanError> {
    if status == highs_sys::kHighsStatusError {
        return Err(PlanError::Refused { what });
    }
    Ok(())
}

/// Releases the calling thread's HiGHS thread pool, so that the next model solved on this
/// thread may ask for another number of threads. Call it only between solves.
pub(super) fn reset_thread_scheduler() {
    // SAFETY: the callers call it between solves, from the thread that owns the pool (never
    // one of HiGHS's own workers), as the function requires.
    unsafe { highs_sys::Highs_resetThreadScheduler(0) };
}

/// Sets the constant of the model's objective.
pub(super) fn change_objective_offset(model: &mut highs::Model, offset: f64) {
    // SAFETY: the pointer comes from a live highs::Model; the call takes a plain f64.
    unsafe {
        highs_sys::Highs_changeObjectiveOffset(model.as_mut_ptr(), offset);
    }
}

/// The constant of a solved model's objective.
pub(super) fn objective_offset(solved: &highs::SolvedModel) -> f64 {
    let mut offset = 0.0;
    // SAFETY: the pointer comes from a live highs::SolvedModel, which HiGHS only reads here;
    // `offset` is a valid f64 to write.
    unsafe {
        highs_sys::Highs_getObjectiveOffset(solved.as_ptr() as *mut _, &mut offset);
    }
    offset
}

/// Drops the model's solver data (basis, starting solution), keeping the model.
pub(super) fn clear_solver(model: &mut highs::Model) {
    // SAFETY: the pointer comes from a live highs::Model.
    unsafe {
        highs_sys::Highs_clearSolver(model.as_mut_ptr());
    }
}

/// Changes the coefficient of (row, col).
pub(super) fn change_coeff(
    model: &mut highs::Model,
    row: usize,
    col: usize,
    value: f64,
) -> Result<(), PlanError> {
    // SAFETY: the pointer comes from a live highs::Model; HiGHS checks row and col against
    // the model and returns an error status for one out of range.
    let status = unsafe {
        highs_sys::Highs_changeCoeff(model.as_mut_ptr(), row as HighsInt, col as HighsInt, value)
    };
    if status == highs_sys::kHighsStatusError {
        if let Some(value) = out_of_range(ModelPart::Coefficient, [value]) {
            let part = ModelPart::Coefficient;
            return Err(PlanError::OutOfRange { part, value });
        }
    }
    checked(status, "change a coefficient")
}

/// Sets the costs of the model's first `costs.len()` columns.
pub(super) fn change_costs(model: &mut highs::Model, costs: &[f64]) -> Result<(), PlanError> {
    if costs.is_empty() {
        return Ok(());
    }
    // SAFETY: the pointer comes from a live highs::Model with at least `costs.len()` columns
    // (HiGHS checks the range), and `costs` has that many entries.
    let status = unsafe {
        highs_sys::Highs_changeColsCostByRange(
            model.as_mut_ptr(),
            0,
            costs.len() as HighsInt - 1,
            costs.as_ptr(),
        )
    };
    if status == highs_sys::kHighsStatusError {
        if let Some(value) = out_of_range(ModelPart::Cost, costs.iter().copied()) {
            let part = ModelPart::Cost;
            return Err(PlanError::OutOfRange { part, value });
        }
    }
    checked(status, "change the costs")
}

/// Sets the bounds of row i.
pub(super) fn set_row_bounds(
    model: &mut highs::Model,
    i: usize,
    lb: f64,
    ub: f64,
) -> Result<(), PlanError> {
    // SAFETY: the pointer comes from a live highs::Model; HiGHS checks i against the model
    // and returns an error status for a row out of range.
    let status =
        unsafe { highs_sys::Highs_changeRowBounds(model.as_mut_ptr(), i as HighsInt, lb, ub) };
    checked(status, "change a row's bounds")
}

/// Sets the bounds of the model's columns (column, lb, ub) in one call: HiGHS checks the
/// model on every call, which made one call per column cost as much as thousands of simplex
/// iterations when a stage fixes thousands of columns.
pub(super) fn set_bounds(
    model: &mut highs::Model,
    changes: &[(usize, f64, f64)],
) -> Result<(), PlanError> {
    if changes.is_empty() {
        return Ok(());
    }
    let set: Vec<HighsInt> = changes.iter().map(|c| c.0 as HighsInt).collect();
    let lower: Vec<f64> = changes.iter().map(|c| c.1).collect();
    let upper: Vec<f64> = changes.iter().map(|c| c.2).collect();
    // SAFETY: the pointer comes from a live highs::Model and the three arrays have
    // `changes.len()` entries; HiGHS checks each index against the model and returns an error
    // status for one out of range.
    let status = unsafe {
        highs_sys::Highs_changeColsBoundsBySet(
            model.as_mut_ptr(),
            changes.len() as HighsInt,
            set.as_ptr(),
            lower.as_ptr(),
            upper.as_ptr(),
        )
    };
    checked(status, "change column bounds")
}

/// Columns to add in one call, in HiGHS's compressed form: per column its cost, bounds and the
/// start of its entries in `index` (rows) and `value`.
#[derive(Default)]
pub(super) struct NewColumns {
    pub cost: Vec<f64>,
    pub lower: Vec<f64>,
    pub upper: Vec<f64>,
    pub start: Vec<HighsInt>,
    pub index: Vec<HighsInt>,
    pub value: Vec<f64>,
}

impl NewColumns {
    /// Starts a column; its entries follow with `entry`.
    pub fn column(&mut self, cost: f64, lb: f64, ub: f64) {
        self.cost.push(cost);
        self.lower.push(lb);
        self.upper.push(ub);
        self.start.push(self.index.len() as HighsInt);
    }

    pub fn entry(&mut self, row: usize, value: f64) {
        self.index.push(row as HighsInt);
        self.value.push(value);
    }
}

/// Adds rows with the bounds `bounds` and the entries `terms` (model column, value), one list
/// per row, in one call.
pub(super) fn add_rows(
    model: &mut highs::Model,
    bounds: &[(f64, f64)],
    terms: &[Vec<(usize, f64)>],
) -> Result<(), PlanError> {
    assert_eq!(bounds.len(), terms.len(), "one list of entries per row");
    if bounds.is_empty() {
        return Ok(());
    }
    let lower: Vec<f64> = bounds.iter().map(|b| b.0).collect();
    let upper: Vec<f64> = bounds.iter().map(|b| b.1).collect();
    let mut start: Vec<HighsInt> = Vec::with_capacity(bounds.len());
    let mut index: Vec<HighsInt> = Vec::new();
    let mut value: Vec<f64> = Vec::new();
    for row in terms {
        start.push(index.len() as HighsInt);
        for &(col, k) in row {
            index.push(col as HighsInt);
            value.push(k);
        }
    }
    // (HiGHS reads no entry when there are none, but is given a valid pointer all the same)
    index.push(0);
    value.push(0.0);
    // SAFETY: the pointer comes from a live highs::Model; `lower`, `upper` and `start` have one
    // entry per new row, `index` and `value` at least one per nonzero (the count given), and
    // HiGHS checks every index against the model's columns, returning an error status for one
    // out of range.
    let status = unsafe {
        highs_sys::Highs_addRows(
            model.as_mut_ptr(),
            bounds.len() as HighsInt,
            lower.as_ptr(),
            upper.as_ptr(),
            (index.len() - 1) as HighsInt,
            start.as_ptr(),
            index.as_ptr(),
            value.as_ptr(),
        )
    };
    if status == highs_sys::kHighsStatusError {
        let coefficients = &value[..value.len() - 1];
        let parts = [(ModelPart::Coefficient, coefficients)];
        if let Some(e) = numbers_refused(&parts, bounds.iter().copied()) {
            return Err(e);
        }
    }
    checked(status, "add a row")
}

/// The first number HiGHS refuses among `values` (by part) and the `bounds`, as an error.
fn numbers_refused(
    values: &[(ModelPart, &[f64])],
    bounds: impl IntoIterator<Item = (f64, f64)>,
) -> Option<PlanError> {
    for &(part, values) in values {
        if let Some(value) = out_of_range(part, values.iter().copied()) {
            return Some(PlanError::OutOfRange { part, value });
        }
    }
    let value = bounds_out_of_range(bounds)?;
    let part = ModelPart::Bound;
    Some(PlanError::OutOfRange { part, value })
}

/// Adds the columns `cols` to the model (as continuous columns) in one call; HiGHS resets its
/// factorization on each call that adds columns.
pub(super) fn add_cols(model: &mut highs::Model, cols: &NewColumns) -> Result<(), PlanError> {
    let n = cols.cost.len();
    if n == 0 {
        return Ok(());
    }
    // SAFETY: the pointer comes from a live highs::Model; `cost`, `lower`, `upper` and `start`
    // have one entry per column, `index` and `value` one per nonzero, and HiGHS checks every
    // index against the model's rows, returning an error status for one out of range.
    let status = unsafe {
        highs_sys::Highs_addCols(
            model.as_mut_ptr(),
            n as HighsInt,
            cols.cost.as_ptr(),
            cols.lower.as_ptr(),
            cols.upper.as_ptr(),
            cols.index.len() as HighsInt,
            cols.start.as_ptr(),
            cols.index.as_ptr(),
            cols.value.as_ptr(),
        )
    };
    if status == highs_sys::kHighsStatusError {
        let parts = [
            (ModelPart::Coefficient, &cols.value[..]),
            (ModelPart::Cost, &cols.cost[..]),
        ];
        let bounds = cols.lower.iter().copied().zip(cols.upper.iter().copied());
        if let Some(e) = numbers_refused(&parts, bounds) {
            return Err(e);
        }
    }
    checked(status, "add priced columns")
}

/// Names column `col` (HiGHS copies the name).
pub(super) fn pass_col_name(model: &mut highs::Model, col: usize, name: &std::ffi::CStr) {
    // SAFETY: the pointer comes from a live highs::Model and `name` is a NUL-terminated
    // string that outlives the call; HiGHS copies it and checks `col` against the model.
    unsafe {
        highs_sys::Highs_passColName(model.as_mut_ptr(), col as HighsInt, name.as_ptr());
    }
}

/// Writes the model in the format HiGHS infers from the extension (.lp, .mps).
pub(super) fn write_model(model: &mut highs::Model, path: &Path) -> Result<(), PlanError> {
    let c_path = std::ffi::CString::new(path.to_string_lossy().as_bytes()).map_err(|_| {
        PlanError::ExportPath {
            path: path.to_path_buf(),
        }
    })?;
    // SAFETY: the pointer comes from a live highs::Model; HiGHS copies the path string.
    let status = unsafe { highs_sys::Highs_writeModel(model.as_mut_ptr(), c_path.as_ptr()) };
    if status == highs_sys::STATUS_ERROR {
        return Err(PlanError::ExportWrite {
            path: path.to_path_buf(),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use highs::{ColProblem, Sense};

    #[test]
    fn a_refused_model_change_is_an_error() {
        let mut pb = ColProblem::default();
        let r = pb.add_row(..=1.0);
        pb.add_column(1.0, 0.0..=1.0, [(r, 1.0)]);
        let mut model = pb.optimise(Sense::Minimise);
        assert!(set_bounds(&mut model, &[(0, 0.0, 0.5)]).is_ok());
        assert!(set_row_bounds(&mut model, 0, 0.0, 1.0).is_ok());
        assert!(change_coeff(&mut model, 0, 0, 2.0).is_ok());
        // column 5 and row 3 do not exist
        let e = set_bounds(&mut model, &[(5, 0.0, 1.0)]).expect_err("no column 5");
        assert!(e.to_string().contains("refused"), "{e}");
        assert!(set_row_bounds(&mut model, 3, 0.0, 1.0).is_err());
        assert!(change_coeff(&mut model, 3, 0, 1.0).is_err());
    }

    #[test]
    fn a_coefficient_out_of_range_is_named_with_its_value() {
        let mut pb = ColProblem::default();
        let r = pb.add_row(..=1.0);
        pb.add_column(1.0, 0.0..=1.0, [(r, 1.0)]);
        let mut model = pb.optimise(Sense::Minimise);
        let e = change_coeff(&mut model, 0, 0, 1e15).expect_err("HiGHS refuses 1e15");
        assert_eq!(
            e,
            PlanError::OutOfRange {
                part: ModelPart::Coefficient,
                value: 1e15
            }
        );
        let text = e.to_string();
        assert!(
            text.contains("out of the range") && text.contains("1e15"),
            "{text}"
        );
        assert!(!text.contains("internal fault"), "{text}");
    }
}
