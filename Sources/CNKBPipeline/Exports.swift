// The façade re-exports the model and the store's result types, so the command line and library users
// need only `import CNKBPipeline`.
@_exported import CNKBModel

@_exported import struct CNKBConcepts.CorpusStatistics
@_exported import struct CNKBConcepts.Vocabulary
@_exported import struct CNKBEvaluation.GoldEvaluator
@_exported import enum CNKBExport.CytoscapeRenderer
@_exported import enum CNKBExport.DOTRenderer
@_exported import enum CNKBExport.GlossaryDataRenderer
@_exported import enum CNKBExport.GlossaryHTMLRenderer
@_exported import enum CNKBExport.GlossaryRenderer
@_exported import enum CNKBExport.GraphMLRenderer
@_exported import enum CNKBExport.MermaidRenderer
@_exported import enum CNKBRelations.RelationType
@_exported import struct CNKBStore.DocumentSummary
@_exported import struct CNKBStore.SearchHit
@_exported import struct CNKBStore.StoreStatistics
