import 'reflect-metadata';
import { bootstrapService } from '@diallink/common';
import { SERVICE, appModule, configSpec } from './app/service';

bootstrapService(SERVICE, configSpec, appModule);
