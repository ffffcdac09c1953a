// Files: NEM12 and CSV import, NEM12, CSV and Parquet export of interval blocks.
export * from './files/index.js';
