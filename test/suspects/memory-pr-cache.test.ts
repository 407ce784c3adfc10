import { MemoryPrCache } from '../../src/suspects/index.ts';
import { describePrCacheContract } from './pr-cache-contract.ts';

describePrCacheContract('MemoryPrCache', () => new MemoryPrCache());
