/**
 * The organisers' pages' text, from the catalogue (`src/i18n/`). English for now: the admin
 * pages say `lang="en"`; giving them a language switch is a matter of passing `lang` here.
 */
import { catalogue } from '../../i18n/index.ts'

export const ADMIN = catalogue('en').admin
