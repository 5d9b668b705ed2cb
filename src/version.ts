// The package's name and version, carried in every bundle (not read from disk at run time).
import pkg from '../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
export const DESCRIPTION: string = pkg.description;
