// For tests/test_js_parity_divergence.py: the reverse KL fit's index, by the bounded search the mixture
// explorer uses and by the whole surface, on a grid given as linspace arguments.
import { first_minimum_index, gaussian_linspace, normal_fit_grid, normal_fit_reverse_minimum, normal_fit_surface } from "../../lossnotes/widgets/js/core.js";

const grids = new Map();
export function reverse_fit_indices(grid, mus, sigmas, p) {
  const key = JSON.stringify([grid, mus, sigmas]);
  if (!grids.has(key)) grids.set(key, normal_fit_grid(gaussian_linspace(...grid), gaussian_linspace(...mus), gaussian_linspace(...sigmas)));
  const fit = grids.get(key);
  const target = Float64Array.from(p);
  return [normal_fit_reverse_minimum(fit, target), first_minimum_index(normal_fit_surface(fit, target, "reverse"))];
}
