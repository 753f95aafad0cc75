"""DuckDB's Arrow results as the DataFrames its `.df()` gives, column type for column type.

`.df()` builds a Python string per text value before pandas stores it again; a result of
thousands of rows with ten text columns (the explorer's preview of seizures) converts about
twice as fast through Arrow, whose strings pandas keeps as they are. The dtypes are those of
`.df()`, so a caller cannot tell the two apart (tests/unit/test_arrow_frames.py holds every
explorable dataset to that): integers and booleans plain when no value is missing and
nullable when one is, dates and timestamps as datetime64[us], decimals as floats, a text
column with no value at all (or no row) as objects.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa

_NULLABLE: dict[pa.DataType, object] = {
    pa.int8(): pd.Int8Dtype(), pa.int16(): pd.Int16Dtype(), pa.int32(): pd.Int32Dtype(),
    pa.int64(): pd.Int64Dtype(), pa.uint8(): pd.UInt8Dtype(), pa.uint16(): pd.UInt16Dtype(),
    pa.uint32(): pd.UInt32Dtype(), pa.uint64(): pd.UInt64Dtype(), pa.bool_(): pd.BooleanDtype(),
}


def frame(table: pa.Table) -> pd.DataFrame:
    """`table` (a DuckDB result) as the DataFrame `.df()` gives for the same rows."""
    df = table.to_pandas()
    for name, field in zip(table.column_names, table.schema, strict=True):
        kind, column = field.type, table.column(name)
        if kind in _NULLABLE:
            if column.null_count:  # plain (numpy) when complete, as to_pandas gives it
                df[name] = column.to_pandas(types_mapper=_NULLABLE.get)
        elif pa.types.is_date(kind) or pa.types.is_timestamp(kind):
            df[name] = pd.to_datetime(df[name]).astype("datetime64[us]")
        elif pa.types.is_decimal(kind):
            df[name] = df[name].astype("float64")
        elif (pa.types.is_string(kind) or pa.types.is_large_string(kind)) and (
                column.null_count == len(column)):
            df[name] = pd.Series([None] * len(column), dtype=object, index=df.index)
    return df
