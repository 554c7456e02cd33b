// The workflow canvas island: @antv/x6 3 behind a handle-based API on window.windflowWorkflow,
// called from .NET (WindFlow.Web/Components/Pages/Workflows/WorkflowCanvas.razor.cs).
// Blazor owns the workflow model; the canvas owns only the drawing. Every user edit is sent back
// in one batched call per task (OnCanvasEdits); node positions are sent when a move ends, so a drag
// never costs a round trip per frame.
import { Graph, Shape } from "@antv/x6";
import { Dnd, History, Keyboard, MiniMap, Selection, Snapline } from "@antv/x6/es/plugin/index.js";

const NODE_WIDTH = 180;
const NODE_HEIGHT = 44;
const PASTE_OFFSET = 30;
// Marks changes the server asked for, so they are neither echoed back nor put on the undo stack.
const FROM_SERVER = { wf: "server" };

const STATUS_COLOURS = {
  pending: "#eceff1",
  running: "#bbdefb",
  succeeded: "#c8e6c9",
  failed: "#ffcdd2",
  skipped: "#f5f5f5",
  waitingForApproval: "#fff9c4",
  cancelled: "#d7ccc8",
};

const CATEGORY_COLOURS = { Trigger: "#7e57c2", Action: "#1e88e5", Logic: "#fb8c00" };

const canvases = new Map();
let nextHandle = 1;

Graph.registerNode(
  "wf-node",
  {
    inherit: "rect",
    width: NODE_WIDTH,
    height: NODE_HEIGHT,
    markup: [
      { tagName: "rect", selector: "body" },
      { tagName: "rect", selector: "stripe" },
      { tagName: "text", selector: "label" },
      { tagName: "text", selector: "problem" },
    ],
    attrs: {
      body: { rx: 6, ry: 6, stroke: "#90a4ae", strokeWidth: 1, fill: "#ffffff" },
      stripe: { x: 0, y: 0, width: 6, height: NODE_HEIGHT, rx: 3, fill: "#90a4ae" },
      label: { refX: 0.5, refY: 0.5, textAnchor: "middle", textVerticalAnchor: "middle", fontSize: 13, fill: "#263238" },
      problem: { refX: 0, refY: "100%", refY2: 14, fontSize: 11, fill: "#c62828", text: "" },
    },
  },
  true,
);

function portGroups() {
  const circle = { r: 6, magnet: true, stroke: "#546e7a", strokeWidth: 1, fill: "#fff" };
  return {
    in: { position: "left", attrs: { circle: { ...circle, magnet: "passive" } } },
    out: {
      position: "right",
      attrs: { circle },
      label: { position: { name: "right", args: { y: -10 } } },
    },
  };
}

// Ports carry the workflow's port names as ids, so an edge reads back as {from, fromPort, to, toPort}.
function portsFor(type) {
  const items = [
    ...type.inputs.map((name) => ({ id: name, group: "in" })),
    ...type.outputs.map((name) => ({
      id: name,
      group: "out",
      // Only a node with several outputs names them (a condition's true/false).
      attrs: { text: { text: type.outputs.length > 1 ? name : "", fontSize: 10 } },
    })),
  ];
  return { groups: portGroups(), items };
}

function nodeMetadata(canvas, node) {
  const type = canvas.types.get(node.type);
  const colour = CATEGORY_COLOURS[type ? type.category : ""] || "#90a4ae";
  return {
    id: node.id,
    shape: "wf-node",
    x: node.x,
    y: node.y,
    data: { type: node.type },
    ports: type ? portsFor(type) : { groups: portGroups(), items: [] },
    attrs: { label: { text: node.label }, stripe: { fill: colour } },
  };
}

// Ids must be usable in expressions ({{ nodes.http1.output }}): letters, digits, underscores.
function newNodeId(canvas, type) {
  const base = type.split(".").pop().replace(/[^A-Za-z0-9_]/g, "") || "node";
  let n = 1;
  while (canvas.graph.hasCell(base + n)) {
    n++;
  }
  return base + n;
}

function edgeKey(edge) {
  return {
    from: edge.getSourceCellId(),
    fromPort: edge.getSourcePortId() || null,
    to: edge.getTargetCellId(),
    toPort: edge.getTargetPortId() || null,
  };
}

function queue(canvas, edit) {
  canvas.pending.push(edit);
  schedule(canvas);
}

// A flush with nothing queued sends nothing, so a drag (positions held until it ends) costs no call.
function schedule(canvas) {
  if (!canvas.flushScheduled) {
    canvas.flushScheduled = true;
    setTimeout(() => flush(canvas), 0);
  }
}

function flush(canvas) {
  canvas.flushScheduled = false;
  if (canvas.moved.size > 0 && !canvas.dragging) {
    for (const id of canvas.moved) {
      const cell = canvas.graph.getCellById(id);
      if (cell && cell.isNode()) {
        const p = cell.getPosition();
        canvas.pending.push({ kind: "nodeMoved", id, x: Math.round(p.x), y: Math.round(p.y) });
      }
    }
    canvas.moved.clear();
  }
  if (canvas.pending.length === 0) {
    return;
  }
  const edits = canvas.pending;
  canvas.pending = [];
  // A circuit that is gone rejects the call; the component is being torn down anyway.
  canvas.dotNetRef.invokeMethodAsync("OnCanvasEdits", edits).catch(() => {});
}

function validateConnection(canvas, { sourceCell, targetCell, sourcePort, targetPort, sourceMagnet, targetMagnet }) {
  if (canvas.readOnly || !sourceCell || !targetCell || !targetMagnet || !sourceMagnet || sourceCell === targetCell) {
    return false;
  }
  // Output to input only: a port's group is its type.
  if (sourceMagnet.getAttribute("port-group") !== "out" || targetMagnet.getAttribute("port-group") !== "in") {
    return false;
  }
  return !canvas.graph
    .getConnectedEdges(targetCell, { incoming: true })
    .some((e) => e.getSourceCellId() === sourceCell.id && e.getSourcePortId() === sourcePort && e.getTargetPortId() === targetPort);
}

function createGraph(canvas, element, minimapElement) {
  const graph = new Graph({
    container: element,
    autoResize: true,
    grid: { size: 10, visible: true },
    panning: { enabled: true, eventTypes: ["rightMouseDown"] },
    mousewheel: { enabled: true, modifiers: ["ctrl", "meta"], minScale: 0.2, maxScale: 3 },
    interacting: () => (canvas.readOnly ? { nodeMovable: false, edgeMovable: false, magnetConnectable: false } : true),
    connecting: {
      snap: { radius: 24 },
      allowBlank: false,
      allowLoop: false,
      allowNode: false,
      allowMulti: true,
      highlight: true,
      router: "manhattan",
      connector: { name: "rounded", args: { radius: 8 } },
      createEdge: () =>
        new Shape.Edge({ attrs: { line: { stroke: "#546e7a", strokeWidth: 1.5, targetMarker: "classic" } }, zIndex: 0 }),
      validateConnection: (args) => validateConnection(canvas, args),
    },
    highlighting: {
      magnetAvailable: { name: "stroke", args: { attrs: { stroke: "#43a047", strokeWidth: 3 } } },
    },
  });
  graph.use(new Selection({ enabled: true, multiple: true, rubberband: true, movable: true, showNodeSelectionBox: true }));
  graph.use(new Snapline({ enabled: true }));
  graph.use(new Keyboard({ enabled: !canvas.readOnly, global: true, guard: (e) => !isTyping(e) }));
  graph.use(
    new History({
      enabled: !canvas.readOnly,
      // Loads and status colours are not user edits.
      beforeAddCommand: (event, args) => !(args && args.options && args.options.wf === FROM_SERVER.wf),
    }),
  );
  if (minimapElement) {
    graph.use(new MiniMap({ container: minimapElement, width: 200, height: 140, padding: 10 }));
  }
  return graph;
}

// Shortcuts must not fire while the user types in the side panel's inputs.
function isTyping(e) {
  const t = e.target;
  return !!t && (t.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(t.tagName));
}

function listen(canvas) {
  const { graph } = canvas;
  const fromServer = (args) => args && args.options && args.options.wf === FROM_SERVER.wf;

  graph.on("node:added", (args) => {
    if (fromServer(args)) return;
    const { node } = args;
    const p = node.getPosition();
    const copyOf = node.getData() && node.getData().copyOf;
    queue(canvas, { kind: "nodeAdded", id: node.id, type: node.getData().type, x: Math.round(p.x), y: Math.round(p.y), copyOf: copyOf || null });
  });
  graph.on("node:removed", (args) => {
    if (fromServer(args)) return;
    queue(canvas, { kind: "nodeRemoved", id: args.node.id });
  });
  graph.on("node:change:position", (args) => {
    if (fromServer(args)) return;
    canvas.moved.add(args.node.id);
    schedule(canvas);
  });
  // A mouse connection reports once both ends are on ports; undo/redo and paste add whole edges.
  graph.on("edge:connected", ({ edge, isNew }) => {
    if (isNew) {
      queue(canvas, { kind: "edgeAdded", ...edgeKey(edge) });
    }
  });
  graph.on("edge:added", (args) => {
    if (fromServer(args) || !args.edge.getTargetCellId()) return;
    queue(canvas, { kind: "edgeAdded", ...edgeKey(args.edge) });
  });
  // Undo/redo replay an edge as "added dangling" then "target changed": the change is the edit.
  // While the mouse is down the user is still drawing; edge:connected reports that at the drop.
  const endChanged = (args) => {
    if (fromServer(args) || canvas.mouseDown) return;
    const { edge, previous, current } = args;
    const key = edgeKey(edge);
    const side = args.key;
    const before = side === "source" ? { ...key, from: previous && previous.cell, fromPort: (previous && previous.port) || null } : { ...key, to: previous && previous.cell, toPort: (previous && previous.port) || null };
    if (before.from && before.to) queue(canvas, { kind: "edgeRemoved", ...before });
    if (key.from && key.to) queue(canvas, { kind: "edgeAdded", ...key });
  };
  graph.on("edge:change:target", (args) => endChanged({ ...args, key: "target" }));
  graph.on("edge:change:source", (args) => endChanged({ ...args, key: "source" }));
  graph.on("edge:removed", (args) => {
    if (fromServer(args) || !args.edge.getTargetCellId() || !args.edge.getSourceCellId()) return;
    queue(canvas, { kind: "edgeRemoved", ...edgeKey(args.edge) });
  });
  graph.on("selection:changed", ({ selected }) => {
    canvas.dotNetRef
      .invokeMethodAsync("OnSelectionChanged", graph.getSelectedCells().filter((c) => c.isNode()).map((c) => c.id))
      .catch(() => {});
  });
  graph.on("node:mousedown", () => (canvas.dragging = true));
  canvas.onMouseUp = () => {
    if (canvas.dragging) {
      canvas.dragging = false;
      schedule(canvas);
    }
  };
  // Capture phase: x6 stops the mouseup from bubbling at the end of a node drag. The flush runs a
  // task later, after x6 has set the final position.
  document.addEventListener("mouseup", canvas.onMouseUp, true);
  graph.on("node:moved", canvas.onMouseUp);
  canvas.onMouseDown = () => (canvas.mouseDown = true);
  canvas.onAnyMouseUp = () => (canvas.mouseDown = false);
  graph.container.addEventListener("mousedown", canvas.onMouseDown, true);
  document.addEventListener("mouseup", canvas.onAnyMouseUp, true);
  graph.on("node:click", ({ node }) => {
    if (canvas.readOnly) {
      canvas.dotNetRef.invokeMethodAsync("OnNodeClicked", node.id).catch(() => {});
    }
  });

  const k = (keys, fn) =>
    graph.bindKey(keys, (e) => {
      fn();
      return false;
    });
  if (!canvas.readOnly) {
    k(["ctrl+z", "meta+z"], () => graph.undo());
    k(["ctrl+y", "meta+y", "ctrl+shift+z", "meta+shift+z"], () => graph.redo());
    k(["ctrl+c", "meta+c"], () => copy(canvas));
    k(["ctrl+v", "meta+v"], () => paste(canvas));
    k(["delete", "backspace"], () => removeSelection(canvas));
    k(["ctrl+a", "meta+a"], () => graph.select(graph.getNodes()));
  }
}

function copy(canvas) {
  const nodes = canvas.graph.getSelectedCells().filter((c) => c.isNode());
  const ids = new Set(nodes.map((n) => n.id));
  const edges = canvas.graph.getEdges().filter((e) => ids.has(e.getSourceCellId()) && ids.has(e.getTargetCellId()));
  canvas.clipboard = {
    nodes: nodes.map((n) => ({ id: n.id, type: n.getData().type, label: n.attr("label/text"), ...n.getPosition() })),
    edges: edges.map(edgeKey),
  };
}

// Pasted nodes get fresh ids; the server copies the originals' settings (copyOf).
function paste(canvas) {
  const clip = canvas.clipboard;
  if (!clip || clip.nodes.length === 0) return;
  const { graph } = canvas;
  const ids = new Map();
  graph.startBatch("paste");
  const added = clip.nodes.map((n) => {
    const id = newNodeId(canvas, n.type);
    ids.set(n.id, id);
    const meta = nodeMetadata(canvas, { id, type: n.type, label: n.label, x: n.x + PASTE_OFFSET, y: n.y + PASTE_OFFSET });
    meta.data.copyOf = n.id;
    return graph.addNode(meta);
  });
  for (const e of clip.edges) {
    graph.addEdge(edgeMetadata({ ...e, from: ids.get(e.from), to: ids.get(e.to) }));
  }
  graph.stopBatch("paste");
  graph.cleanSelection();
  graph.select(added);
  // Pasting again offsets again.
  clip.nodes = clip.nodes.map((n) => ({ ...n, x: n.x + PASTE_OFFSET, y: n.y + PASTE_OFFSET }));
}

function removeSelection(canvas) {
  const cells = canvas.graph.getSelectedCells();
  if (cells.length > 0) {
    canvas.graph.removeCells(cells);
  }
}

function edgeMetadata(e) {
  return {
    source: { cell: e.from, port: e.fromPort || "out" },
    target: { cell: e.to, port: e.toPort || "in" },
    router: "manhattan",
    connector: { name: "rounded", args: { radius: 8 } },
    attrs: { line: { stroke: "#546e7a", strokeWidth: 1.5, targetMarker: "classic" } },
    zIndex: 0,
  };
}

function setUpPalette(canvas, paletteElement) {
  if (!paletteElement || canvas.readOnly) return;
  const dnd = new Dnd({
    target: canvas.graph,
    scaled: false,
    // A new node rather than a clone: a clone's id cannot be changed afterwards (undo/redo would
    // bring back the generated one), and ids must be expression-friendly.
    getDropNode: (dragging) => {
      const type = dragging.getData().type;
      const p = dragging.getPosition();
      return canvas.graph.createNode(
        nodeMetadata(canvas, { id: newNodeId(canvas, type), type, label: dragging.attr("label/text"), x: p.x, y: p.y }),
      );
    },
  });
  canvas.onPaletteDown = (e) => {
    const item = e.target.closest("[data-node-type]");
    if (!item || e.button !== 0) return;
    e.preventDefault();
    const type = canvas.types.get(item.getAttribute("data-node-type"));
    if (!type) return;
    const node = canvas.graph.createNode(nodeMetadata(canvas, { id: "dragging", type: type.type, label: type.label, x: 0, y: 0 }));
    dnd.start(node, e);
  };
  paletteElement.addEventListener("mousedown", canvas.onPaletteDown);
  canvas.paletteElement = paletteElement;
}

function create(element, dotNetRef, options) {
  const { types = [], readOnly = false, palette = null, minimap = null } = options || {};
  const handle = nextHandle++;
  const canvas = {
    dotNetRef,
    readOnly,
    types: new Map(types.map((t) => [t.type, t])),
    pending: [],
    moved: new Set(),
    flushScheduled: false,
    dragging: false,
    clipboard: null,
    graph: null,
  };
  canvas.graph = createGraph(canvas, element, minimap);
  listen(canvas);
  setUpPalette(canvas, palette);
  canvases.set(handle, canvas);
  return handle;
}

// Replaces the drawing (first render, loading a version, import); clears undo history.
function load(handle, graphModel) {
  const canvas = canvases.get(handle);
  if (!canvas) return;
  const { graph } = canvas;
  graph.clearCells(FROM_SERVER);
  graph.addNodes(graphModel.nodes.map((n) => nodeMetadata(canvas, n)), FROM_SERVER);
  graph.addEdges(graphModel.edges.map(edgeMetadata), FROM_SERVER);
  graph.cleanHistory();
  if (graphModel.nodes.length > 0) {
    graph.zoomToFit({ padding: 40, maxScale: 1 });
  }
}

function setLabel(handle, id, label) {
  const node = canvasCell(handle, id);
  if (node) node.attr("label/text", label, FROM_SERVER);
}

// Problems from WorkflowValidator: a red border and the first message under the node.
function setProblems(handle, problems) {
  const canvas = canvases.get(handle);
  if (!canvas) return;
  const byNode = new Map();
  for (const p of problems) {
    if (!byNode.has(p.nodeId)) byNode.set(p.nodeId, p.message);
  }
  for (const node of canvas.graph.getNodes()) {
    const message = byNode.get(node.id);
    node.attr(
      { body: { stroke: message ? "#c62828" : "#90a4ae", strokeWidth: message ? 2 : 1 }, problem: { text: message ? truncate(message, 40) : "" } },
      FROM_SERVER,
    );
    const view = canvas.graph.findViewByCell(node);
    if (view) {
      view.container.toggleAttribute("data-problem", !!message);
      view.container.setAttribute("title", message || "");
    }
  }
}

function truncate(text, max) {
  return text.length > max ? text.slice(0, max - 1) + "…" : text;
}

// Run view: node id -> status name (camelCase, as the run JSON writes it).
function setStatuses(handle, statuses) {
  const canvas = canvases.get(handle);
  if (!canvas) return;
  for (const [id, status] of Object.entries(statuses)) {
    const node = canvas.graph.getCellById(id);
    if (!node || !node.isNode()) continue;
    node.attr("body/fill", STATUS_COLOURS[status] || "#ffffff", FROM_SERVER);
    const view = canvas.graph.findViewByCell(node);
    if (view) view.container.setAttribute("data-status", status);
  }
}

function canvasCell(handle, id) {
  const canvas = canvases.get(handle);
  const cell = canvas && canvas.graph.getCellById(id);
  return cell && cell.isNode() ? cell : null;
}

function zoom(handle, factor) {
  const canvas = canvases.get(handle);
  if (canvas) canvas.graph.zoom(factor);
}

function fit(handle) {
  const canvas = canvases.get(handle);
  if (canvas) canvas.graph.zoomToFit({ padding: 40, maxScale: 1 });
}

function command(handle, name) {
  const canvas = canvases.get(handle);
  if (!canvas || canvas.readOnly) return;
  const actions = {
    undo: () => canvas.graph.undo(),
    redo: () => canvas.graph.redo(),
    copy: () => copy(canvas),
    paste: () => paste(canvas),
    delete: () => removeSelection(canvas),
  };
  if (actions[name]) actions[name]();
}

function dispose(handle) {
  const canvas = canvases.get(handle);
  if (!canvas) return;
  canvases.delete(handle);
  document.removeEventListener("mouseup", canvas.onMouseUp, true);
  document.removeEventListener("mouseup", canvas.onAnyMouseUp, true);
  if (canvas.paletteElement) canvas.paletteElement.removeEventListener("mousedown", canvas.onPaletteDown);
  canvas.graph.dispose();
}

// Export: the JSON is made on the server; the browser saves it as a file.
function download(fileName, text) {
  const url = URL.createObjectURL(new Blob([text], { type: "application/json" }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

window.windflowWorkflow = { create, load, setLabel, setProblems, setStatuses, zoom, fit, command, dispose, download };
