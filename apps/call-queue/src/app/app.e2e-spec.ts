import { describeServiceBasics } from '@diallink/testing';
import { SERVICE, appModule, configSpec } from './service';

describeServiceBasics(SERVICE, configSpec, appModule);
