"""Generators of data folders, outside the runtime package `analytics`.

- `sample_data.sample`: the sample extracts in `data/`, from the source documents in
  `sample_data/seeds/` (`python -m sample_data.sample --out data/`);
- `sample_data.scale`: scale data for the benchmark
  (`python -m sample_data.scale --seizures N --participation M --out DIR`).

The dashboard never imports this package.
"""
