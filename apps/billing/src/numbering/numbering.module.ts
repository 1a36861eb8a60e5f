import { Module } from '@nestjs/common';
import { NumberSeriesRepository } from './number-series.repository';

/** Gap-free numbers per tenant and kind, taken only by issuing. No API moves a counter. */
@Module({
  providers: [NumberSeriesRepository],
  exports: [NumberSeriesRepository],
})
export class NumberingModule {}
