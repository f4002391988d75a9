/** The specs' free ports are those of every test and benchmark (test/support/ports.ts). */
export { freePort, freePortBlock, freePorts } from '../../test/support/ports';
