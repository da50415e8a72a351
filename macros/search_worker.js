/* A lunr index built at build time, loaded by Material's search worker instead of built in the browser
 * (macros/search_prebuilt.py explains the why; the build puts this file before Material's worker script).
 *
 * Material's worker answers its first message ({type: 0, data: {config, docs, options}}, from
 * search_index.json) with `new Search(data)`, which calls the global `lunr(function () {…})` to build the
 * index from `docs`: set-up (tokenizer, separator, pipeline, fields with an extractor that records where
 * each token is, for highlighting), then `this.add(doc)` per document. When the index was prebuilt,
 * `config.prebuilt` names the file that holds the documents and the index (`{json: name}`, fetched, or
 * `{script: name}`, loaded with importScripts where there is no fetch: file://, in the iframe-worker
 * shim): this file registers Material's message handler through its own, which fetches that file
 * before it hands the set-up message on, with the documents, and holds later messages until then. Its
 * `lunr` then runs the set-up on a builder that only collects the documents, and returns
 * `lunr.Index.load(prebuilt)`. Highlighting is placed for the documents a query matches, in the parts of
 * them that can hold a matched term (see `highlighting`), with Material's own tokenizer. Without
 * `prebuilt`, or if anything is not as expected, Material builds the index as before.
 *
 * `self.courseSearchIndex` says which it was ("prebuilt" or "built"), for tests and a look in DevTools.
 *
 * Under node (macros/search_prebuild.js), `self.__coursePrebuild` is set: the index Material's set-up
 * builds (without token positions) is handed to it instead. */
(() => {
  "use strict"
  let original = null
  let pending = null

  /* Where the worker script was loaded from: its own location, or, in the iframe-worker shim that runs
   * it on file://, its script element (as Material finds its lunr files there) */
  function scriptURL() {
    const frame = self.parent
    if (frame && frame !== self && "IFrameWorker" in frame) return self.document.querySelector("script[src]").src
    return self.location.href
  }

  /* The search data (`{docs, index}`) the build wrote beside search_index.json: fetched as JSON, or
   * loaded as a script where there is no fetch of files (file://, the offline editions) */
  async function fetchData(source) {
    const url = name => new URL(`../../../search/${name}`, scriptURL()).href
    if (source.script) {
      await importScripts(url(source.script))
      const data = self.__courseSearchData
      self.__courseSearchData = undefined // a `var`: not deleted, let go of
      return data
    }
    const response = await fetch(url(source.json))
    if (!response.ok) throw new Error(`${response.status} ${response.url}`)
    return response.json()
  }

  /* The search data file the build wrote, when it is fetched (the web edition): set by the build
   * (macros/search_prebuilt.py), and fetched as soon as the worker starts, not when the search box's
   * set-up message comes (the page thread fetches search_index.json first, while it is still busy
   * loading the page: at 1,000 modules that was ~0.5 s later). */
  const PREFETCH = null
  const prefetched = PREFETCH && typeof fetch === "function" ? { name: PREFETCH, data: fetchData({ json: PREFETCH }) } : null
  if (prefetched) prefetched.data.catch(() => {}) // reported when the set-up message uses it
  const dataFor = source => (prefetched && source.json === prefetched.name ? prefetched.data : fetchData(source))

  /* Material's message handler is registered through this: the set-up message that points to the
   * search data waits until the data is here and is handed on with its documents (the index is kept for
   * `lunr` below); every later message waits its turn behind it. */
  const addListener = self.addEventListener
  self.addEventListener = function (type, listener, ...rest) {
    if (type !== "message" || typeof listener !== "function") return addListener.call(this, type, listener, ...rest)
    let queue = null
    const setupWith = event => {
      const message = event.data
      const data = message && message.type === 0 && message.data
      return data && data.config && data.config.prebuilt ? [message, data] : null
    }
    const hand = event => {
      const found = setupWith(event)
      if (!found) return listener.call(self, event)
      const [message, data] = found
      const config = Object.assign({}, data.config)
      delete config.prebuilt
      return dataFor(data.config.prebuilt).then(
        loaded => {
          pending = loaded.index
          return listener.call(self, { data: Object.assign({}, message, { data: Object.assign({}, data, { config, docs: loaded.docs }) }) })
        },
        error => {
          console.warn("search data not loaded", error)
          return listener.call(self, { data: Object.assign({}, message, { data: Object.assign({}, data, { config }) }) })
        }
      )
    }
    const wait = next => {
      queue = next
      const done = () => {
        if (queue === next) queue = null
      }
      next.then(done, done)
    }
    return addListener.call(
      this,
      type,
      event => {
        const run = () => hand(event)
        if (queue) wait(queue.then(run, run))
        else if (setupWith(event)) wait(Promise.resolve(hand(event)))
        else listener.call(self, event)
      },
      ...rest
    )
  }

  /* The Map Material's extractors write positions to: caught as the first extractor writes to it. */
  function positionsMap(name, extractor) {
    const set = Map.prototype.set
    let map = null
    Map.prototype.set = function (...args) {
      map = this
      return set.apply(this, args)
    }
    try {
      extractor({ location: "\u2060", [name]: "" })
    } finally {
      Map.prototype.set = set
    }
    return map
  }

  /* lunr's `Index.toJSON()` from the compact form of search_prebuild.js: documents by number, postings
   * without positions (they are most of lunr's JSON; see `highlighting` below), and field vectors as
   * given or, when the postings carry term frequencies instead, computed as lunr's builder computes them
   * (`createFieldVectors`, with b = 0: no field lengths needed) */
  function expand(compact, refs, builder, documents) {
    const fields = compact.fields
    /* a term's documents in one field, `{ref: {}}`, made when a query first reads them (lunr reads the
     * postings of the terms a query matches; most terms are never read) */
    const width = compact.frequencies ? 2 : 1
    const documentsOf = (posting, field, list) => ({
      configurable: true,
      enumerable: true,
      get() {
        const docs = {}
        for (let at = 0, ref = 0; at < list.length; at += width) docs[refs[(ref += list[at])]] = {} // its own: results' positions are written into it
        Object.defineProperty(posting, field, { value: docs, writable: true, configurable: true, enumerable: true })
        return docs
      }
    })
    const invertedIndex = compact.terms.map(([term, number, ...postings]) => {
      const posting = { _index: number }
      fields.forEach((field, i) => Object.defineProperty(posting, field, documentsOf(posting, field, postings[i] || [])))
      return [term, posting]
    })
    if (!compact.frequencies) {
      const fieldVectors = compact.vectors.map(([field, doc, vector]) => [`${fields[field]}/${refs[doc]}`, vector])
      return { version: original.version, fields, fieldVectors, invertedIndex, pipeline: compact.pipeline }
    }
    if (builder._b !== 0) throw new Error("term frequencies need b = 0")
    /* one vector per field and document, [term number, score, …] by term number: the terms are visited in
     * that order, so each score is appended in place */
    const k1 = builder._k1, b = builder._b
    const vectors = fields.map(() => refs.map(() => []))
    const boosts = refs.map(ref => documents.get(ref).boost || 1)
    const byNumber = compact.terms.map((_, i) => i).sort((x, y) => compact.terms[x][1] - compact.terms[y][1])
    for (const i of byNumber) {
      const [, number, ...postings] = compact.terms[i]
      /* lunr.idf, from the number of documents in the postings (it counts the keys of each field's) */
      const count = postings.reduce((sum, list) => sum + list.length / 2, 0)
      const idf = Math.log(1 + Math.abs((refs.length - count + 0.5) / (count + 0.5)))
      fields.forEach((field, f) => {
        const list = postings[f] || []
        const fieldBoost = builder._fields[field].boost || 1
        for (let at = 0, doc = 0; at < list.length; at += 2) {
          doc += list[at]
          const frequency = list[at + 1]
          let score = (idf * ((k1 + 1) * frequency)) / (k1 * (1 - b + b * 1) + frequency)
          score *= fieldBoost
          score *= boosts[doc]
          vectors[f][doc].push(number, Math.round(score * 1000) / 1000)
        }
      })
    }
    const fieldVectors = []
    fields.forEach((field, f) => refs.forEach((ref, doc) => fieldVectors.push([`${field}/${ref}`, vectors[f][doc]])))
    return { version: original.version, fields, fieldVectors, invertedIndex, pipeline: compact.pipeline }
  }

  function load(setup, compact) {
    const builder = new original.Builder()
    builder.pipeline.add(original.trimmer, original.stopWordFilter, original.stemmer)
    builder.searchPipeline.add(original.stemmer)
    const docs = new Map(), refs = []
    builder.add = doc => {
      docs.set(doc.location, doc)
      refs.push(doc.location)
    }
    setup.call(builder, builder)
    const index = original.Index.load(expand(compact, refs, builder, docs))
    const fields = builder._fields
    const name = Object.keys(fields).find(key => fields[key].extractor)
    const map = name && positionsMap(name, fields[name].extractor)
    if (!map) return null
    map.clear()

    /* Highlighting, as Material's builder would have prepared it, for the documents a query matches
     * and only the parts of them that can hold a matched term. Material's tokenizer cuts a field into
     * blocks (its top-level HTML elements), each a list of entries (`start << 12 | length << 2 | type`:
     * the element's opening tag, its words, its closing tag), and a token's position is `block << 20 |
     * entry`. Highlighting (`highlightAll` in Material's worker) reads, of each block, its first and last
     * entries, and of the blocks with a matched term, the matched words' entries; of the `text` field
     * only the first two blocks with a matched term (the extract the result list shows). So a block's
     * table here is its first entry, the matched words' entries and its last entry; a block that cannot
     * contain a matched term (its text does not) is not tokenized beyond its first and last entries; in
     * the others, only the text sections that contain a term are; and in the `text` field, nothing after
     * the second block with a match. A text section is cut as Material's tokenizer cuts it (its `split`,
     * with the separator), without making lunr tokens; with a segmenter (TinySegmenter, `lang: ja`), by
     * Material's tokenizer itself. */
    const tokenizeText = text => {
      original.tokenizer.table = []
      const tokens = builder.tokenizer(text)
      const entries = original.tokenizer.table[0] || []
      return tokens.map(token => [token.toString(), entries[token.metadata.position & 0xfffff]])
    }
    const entry = (start, end, type) => (start << 12) | ((end - start) << 2) | type
    /* Material's `split`: the ranges between the separator's matches (zero-width ones included) */
    let separator = null
    const split = (text, visit, stop = text.length) => {
      separator = separator || new RegExp(original.tokenizer.separator, "g")
      separator.lastIndex = 0
      let match, index = 0
      do {
        match = separator.exec(text)
        const until = match ? match.index : text.length
        if (index < until) visit(index, until)
        if (match) {
          index = match.index + match[0].length
          if (match[0].length === 0) separator.lastIndex = match.index + 1
        }
      } while (match && index < stop)
    }
    /* one text section's words, [[term, entry], …]; `wanted`: only the words that are one of these terms
     * (cut up to the last place one can start; only words as long as one are read) */
    const textWords = (text, start, wanted) => {
      let words
      if (self.lunr.segmenter === undefined) {
        words = []
        const lower = text.toLowerCase()
        const aligned = lower.length === text.length // else lower case moved the offsets: every word is read
        const lengths = wanted && aligned ? new Set([...wanted].map(term => term.length)) : null
        const stop = wanted && aligned ? Math.max(...[...wanted].map(term => lower.lastIndexOf(term))) + 1 : text.length
        split(
          text,
          (from, to) => {
            if (lengths && !lengths.has(to - from)) return
            const term = aligned ? lower.slice(from, to) : text.slice(from, to).toLowerCase()
            if (!wanted || wanted.has(term)) words.push([term, entry(start + from, start + to, 1)])
          },
          stop
        )
      } else {
        words = tokenizeText(text).map(([term, relative]) => {
          const from = start + (relative >>> 12)
          return [term, entry(from, from + ((relative >>> 2) & 0x3ff), 1)]
        })
        if (wanted) words = words.filter(([term]) => wanted.has(term))
      }
      for (const [, value] of words) if (((value >>> 2) & 0x3ff) >= 0x3ff) throw new Error("a word too long to place")
      return words
    }
    const fieldBlocks = new Map()
    /* [[type, start, end], …] per block, as Material's `extract` visits them */
    const blocksOf = key => {
      if (!fieldBlocks.has(key)) {
        const cut = key.lastIndexOf(":")
        const doc = docs.get(key.slice(0, cut))
        const value = doc && doc[key.slice(cut + 1)]
        const blocks = []
        if (typeof value === "string") {
          let block = 0, start = 0, stack = 0
          const visit = (type, from, to) => (blocks[block] = blocks[block] || []).push([type, from, to])
          const marks = /[<>]/g
          for (let match; (match = marks.exec(value)); ) {
            const end = match.index
            if (value[end] === "<") {
              if (end > start) visit(1, start, (start = end))
            } else {
              if (value.charAt(start + 1) === "/") {
                if (--stack === 0) visit(2, start, end + 1), block++
              } else if (value.charAt(end - 1) !== "/") {
                if (stack++ === 0) visit(0, start, end + 1)
              }
              start = end + 1
            }
          }
          if (value.length > start) visit(1, start, value.length)
        }
        const lower = typeof value === "string" ? value.toLowerCase() : ""
        fieldBlocks.set(key, { value, blocks, lower, edges: new Map() })
      }
      return fieldBlocks.get(key)
    }
    /* one section's entries: [[term or null for a tag, entry], …] (`wanted`: of text, only those terms') */
    const sectionWords = (field, [type, start, end], wanted) => {
      if (type !== 1) return wanted ? [] : [[null, entry(start, end, type)]]
      const text = field.value.slice(start, end)
      if (!/\S/.test(text)) return []
      if (/[<>]/.test(text)) throw new Error("a text section with markup characters")
      if (wanted) {
        const lower = field.lower.length === field.value.length ? field.lower.slice(start, end) : text.toLowerCase()
        if (![...wanted].some(term => lower.includes(term))) return []
      }
      return textWords(text, start, wanted)
    }
    /* a block's first and last entries, tokenizing only the sections before its first and after its
     * last entry-making section */
    const edgesOf = (field, block) => {
      if (!field.edges.has(block)) {
        const sections = field.blocks[block]
        let first, last
        for (let i = 0; i < sections.length && first === undefined; i++) first = sectionWords(field, sections[i])[0]
        for (let i = sections.length - 1; i >= 0 && last === undefined; i--) last = sectionWords(field, sections[i]).pop()
        field.edges.set(block, first ? [first[1], last[1]] : [])
      }
      return field.edges.get(block)
    }
    /* the blocks of a field whose text contains one of the terms */
    const blocksWith = (field, terms) => {
      const found = new Set()
      const { blocks, lower, value } = field
      if (lower.length !== value.length) {
        blocks.forEach((sections, block) => {
          const text = value.slice(sections[0][1], sections[sections.length - 1][2]).toLowerCase()
          if (terms.some(term => text.includes(term))) found.add(block)
        })
        return found
      }
      for (const term of terms)
        for (let at = lower.indexOf(term), block = 0; term && at !== -1; at = lower.indexOf(term, at + 1)) {
          while (block + 1 < blocks.length && blocks[block + 1][0][1] <= at) block++
          found.add(block)
        }
      return found
    }
    /* the highlighting table of one document's field for these terms, and each term's positions in it
     * (null for what this does not place: a field that is a list, or a section that is not plain text) */
    const highlighting = (key, terms) => {
      const field = blocksOf(key)
      if (typeof field.value !== "string") return null
      const extract = key.slice(key.lastIndexOf(":") + 1) === "text" // Material: highlight(…, full = field !== "text")
      const table = [], positions = new Map(terms.map(term => [term, []]))
      const matched = blocksWith(field, terms)
      const wanted = new Set(terms)
      try {
        for (let block = 0, found = 0; block < field.blocks.length && !(extract && found === 2); block++) {
          const words = matched.has(block) ? field.blocks[block].flatMap(section => sectionWords(field, section, wanted)) : []
          if (!words.length) {
            table[block] = edgesOf(field, block)
            continue
          }
          const [first, last] = edgesOf(field, block)
          table[block] = [first, ...words.map(([, value]) => value), last]
          words.forEach(([term], i) => positions.get(term).push((block << 20) | (i + 1)))
          found++
        }
      } catch (unplaced) {
        console.debug(`search highlighting of ${key} from the whole field: ${unplaced.message}`)
        return null
      }
      return { table, positions }
    }
    /* the same, from the whole field tokenized by Material's extractor and tokenizer */
    const fullHighlighting = (key, terms) => {
      const cut = key.lastIndexOf(":")
      const doc = docs.get(key.slice(0, cut)), fieldName = key.slice(cut + 1)
      const positions = new Map(terms.map(term => [term, []]))
      const value = doc && fields[fieldName] && fields[fieldName].extractor ? fields[fieldName].extractor(doc) : undefined
      if (value !== undefined)
        for (const token of builder.tokenizer(value)) {
          const term = token.toString()
          if (positions.has(term)) positions.get(term).push(token.metadata.position)
        }
      return { table: map.get(key) || [], positions }
    }

    /* results carry the positions of their matched terms, as if the index had stored them, and Material
     * finds the tables they point into where its extractors would have put them; for `search` only, the
     * query whose results Material highlights (its suggestion query reads only the matched terms) */
    const query = index.query, search = index.search
    let placing = false
    index.search = function (...args) {
      placing = true
      try {
        return search.apply(this, args)
      } finally {
        placing = false
      }
    }
    index.query = function (...args) {
      const results = query.apply(this, args)
      if (!placing) return results
      for (const { ref, matchData } of results) {
        const byField = new Map()
        for (const [term, fieldsOf] of Object.entries(matchData.metadata))
          for (const field of Object.keys(fieldsOf)) byField.set(field, (byField.get(field) || []).concat(term))
        for (const [fieldName, terms] of byField) {
          const key = `${ref}:${fieldName}`
          const found = highlighting(key, terms) || fullHighlighting(key, terms)
          map.set(key, found.table)
          for (const term of terms) matchData.metadata[term][fieldName].position = found.positions.get(term) || []
        }
      }
      return results
    }
    return index
  }

  /* The index as `lunr(setup)` builds it, without token positions (the prebuilt form has none, and at
   * 1,000 modules they would take most of node's memory): the builder lunr(…) makes, with a
   * metadata whitelist that stays empty whatever the set-up asks for */
  function withoutPositions(setup) {
    const builder = new original.Builder()
    builder.pipeline.add(original.trimmer, original.stopWordFilter, original.stemmer)
    builder.searchPipeline.add(original.stemmer)
    Object.defineProperty(builder, "metadataWhitelist", { get: () => [], set: () => {} })
    /* nor the highlighting tables Material's extractors keep for every document (found at the first add) */
    let tables
    builder.add = function (...args) {
      if (tables === undefined) {
        const name = Object.keys(this._fields).find(key => this._fields[key].extractor)
        tables = name ? positionsMap(name, this._fields[name].extractor) : null
      }
      original.Builder.prototype.add.apply(this, args)
      if (tables) tables.clear()
    }
    setup.call(builder, builder)
    return [builder.build(), builder]
  }

  function lunr(setup) {
    const prebuilt = pending
    pending = null
    if (prebuilt && !self.__coursePrebuild && original.Index && original.Builder) {
      try {
        const index = load(setup, prebuilt)
        if (index) {
          self.courseSearchIndex = "prebuilt"
          return index
        }
      } catch (error) {
        console.warn("prebuilt search index not loaded, building it", error)
      }
    }
    if (self.__coursePrebuild) {
      self.__coursePrebuild(...withoutPositions(setup))
      return original(() => {})
    }
    const index = original(setup)
    self.courseSearchIndex = "built"
    return index
  }
  /* Material's worker sets `self.lunr` once, and calls the global `lunr` by name: it gets this one */
  Object.defineProperty(self, "lunr", {
    configurable: true,
    get: () => original && lunr,
    set: value => {
      original = value
      Object.setPrototypeOf(lunr, value)
    }
  })
})()
