// The weights panel: one range input per criterion, its share of all points beside its name.
// Python sends {revision, max, criteria: [{code, name, points}]}; the inputs keep what the user set
// until Python raises the revision (a reset or a loaded profile). A change sends every criterion's
// points at once as the "points" trigger.
export default function (component) {
  const { data, parentElement, setTriggerValue } = component;
  const layout = data.criteria.map((c) => c.code + "\u0000" + c.name).join("\u0001");
  let root = parentElement.querySelector(".weights");
  if (!root || root.dataset.layout !== layout) {
    root?.remove();
    root = build(data, layout, setTriggerValue);
    parentElement.appendChild(root);
  }
  if (root.dataset.revision !== String(data.revision)) {
    root.dataset.revision = String(data.revision);
    data.criteria.forEach((c, k) => { root.querySelectorAll("input")[k].value = String(c.points); });
  }
  showShares(root);
}

function build(data, layout, setTriggerValue) {
  const root = document.createElement("div");
  root.className = "weights";
  root.dataset.layout = layout;
  data.criteria.forEach((c, k) => {
    const row = document.createElement("div");
    row.className = "weight";
    const label = document.createElement("label");
    label.htmlFor = `weight-${k}`;
    label.textContent = c.name;
    const share = document.createElement("span");
    share.className = "share";
    const input = document.createElement("input");
    Object.assign(input, { type: "range", id: `weight-${k}`, min: "0", max: String(data.max), step: "1" });
    input.setAttribute("aria-label", c.name);
    input.dataset.code = c.code;
    input.addEventListener("input", () => showShares(root));
    input.addEventListener("change", () => {
      const points = {};
      root.querySelectorAll("input").forEach((i) => { points[i.dataset.code] = Number(i.value); });
      setTriggerValue("points", points);
    });
    row.append(label, share, input);
    root.appendChild(row);
  });
  return root;
}

function showShares(root) {
  const inputs = [...root.querySelectorAll("input")];
  const total = inputs.reduce((sum, i) => sum + Number(i.value), 0);
  inputs.forEach((input) => {
    const points = Number(input.value);
    const share = total ? `${Math.round((100 * points) / total)} %` : "—";
    input.parentElement.querySelector(".share").textContent = `${share} (${points} pts)`;
    input.setAttribute("aria-valuetext", `${points} points, ${share} of the total`);
  });
}
