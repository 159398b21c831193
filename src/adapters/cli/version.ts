/** The version `cpumodels --version` prints (bin/cpumodels.js answers it without loading the CLI). */
export const VERSION = '0.1.0';
