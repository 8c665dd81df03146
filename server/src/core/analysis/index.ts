/**
 * What rules may ask of the analysis: the one import of `server/src/rules/*` (docs/ARCHITECTURE.md,
 * "The value model"). Modules of the analysis import each other directly.
 */
// the per-file facts every rule starts from
export { type FileAnalysis } from './fileAnalysis';
// the value model: tracked values, their uses, listeners
export { CHAINABLE_METHODS, LISTENER_METHODS, symbolOf, unwrap, type Listener, type TrackedValue, type ValueProbe } from './values';
export { isNullish, receiverText } from './syntax';
export { isLogCall } from './logCall';
// kinds of values
export { AGENT_KINDS, ERROR_EMITTER_KINDS, HTTP_SERVER_KINDS, SERVER_KINDS, SOCKET_KINDS, classifyExpression, isUntyped } from './classify';
// options given where a value is made (or its server)
export {
  assignmentsTo,
  creationOptions,
  optionOf,
  readableValue,
  readableVariable,
  returnedExpression,
  settingState,
  type CreationOptions,
  type OptionLookup,
  type SettingState,
  type SettingWrite,
} from './creationOptions';
// listeners, teardown, timeouts and keep-alive
export {
  TEARDOWN_METHODS,
  callsOnThisInListeners,
  halfOpenState,
  handedToStreamHelpers,
  inScopeAt,
  isReadFrom,
  isZero,
  keepAliveState,
  listenersByHandler,
  literalOf,
  methodName,
  ownedByHttpServer,
  receiverNameFor,
  tearsDown,
  timerAround,
  timerCalled,
  timerBound,
  type ListenerSite,
} from './lifecycle';
// functions a value reaches
export {
  bodyOfParameterOwner,
  callsIn,
  callsMethodOn,
  enclosingFunction,
  functionName,
  isFunctionLike,
  resolveFunction,
  returnedExpressions,
  type FunctionLike,
} from './functions';
// what listeners do
export { calledMethod, callsAnyOf, listenerCallsFor, parameterName, readsArguments, type ListenerCall } from './eventListeners';
// server requests and responses
export { connectionOf, isServerRequest, isServerResponse } from './responses';
export { answersEveryRequestAtOnce, answersNoRequests, onlyUpgradesToWebSocket } from './upgradeServers';
// streams and their origin
export { isNodeMethod, nodeTypeNames, ownNodeTypeName } from './streams';
// where a stream comes from
export { isReassigned, streamOrigin } from './streamProvenance';
// classes and constructor functions whose source can be read (this file, the project, the package)
export { constructorSourceOf, installedConstructorSourceOf, type ConstructorLike } from './constructors';
// modules behind an identifier
export { moduleBindingOf, moduleMemberOf, unwrapCallee } from './modules';
// what a name is declared as
export { declarationsOf } from './symbols';
// functions whose source is in another file of the program
export { calleeAcrossFiles, listensForErrorsOnParameter, projectCodeUnread } from './projectFunctions';
// who constructs a class, in the files that import it
export { everyConstructionListensForErrors } from './constructorCallers';
// framework applications
export { isFrameworkApplication } from './frameworks';
// numbers the code writes
export { numericValue } from './numbers';
// fast syntax lookups
export { callsNamed, descendantsOfKind, identifierNames, identifiersNamed, propertyAccessesNamed } from './descendants';
export { homeFunctions, runsLaterThan } from './deferred';
export { writeRightBeforeThrough, type WriteBeforeCall } from './methodSequences';
export { settledContinuations } from './promiseSettlers';
