import { Module } from '@nestjs/common';
import { PdfRenderer } from './pdf-renderer';

/** PDF rendering on worker threads. */
@Module({ providers: [PdfRenderer], exports: [PdfRenderer] })
export class PdfModule {}
